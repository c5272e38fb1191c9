import { Area, AreaChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatClock, formatCount } from '../format.ts';

interface Props {
  values: number[];
  minutes: number[];
  label: string;
  height?: number;
  detailed?: boolean;
}

/** Flights per minute; the values are also on the element for tests and screen readers. */
export function Sparkline({ values, minutes, label, height = 28, detailed = false }: Props) {
  const data = values.map((value, i) => ({ value, minute: minutes[i]! }));
  const total = values.reduce((sum, value) => sum + value, 0);
  return (
    <div
      className="sparkline"
      style={{ height }}
      role="img"
      aria-label={`${label}: ${formatCount(total)} flights, per minute ${values.join(', ')}`}
      data-values={values.join(',')}
    >
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 120, height }}>
        <AreaChart data={data} margin={{ top: 2, right: 0, bottom: 0, left: 0 }}>
          {detailed && <XAxis dataKey="minute" tickFormatter={formatClock} tick={{ fontSize: 11 }} stroke="var(--muted)" minTickGap={40} />}
          <YAxis hide domain={[0, 'dataMax']} />
          {detailed && (
            <Tooltip
              labelFormatter={(minute) => formatClock(Number(minute))}
              formatter={(value) => [formatCount(Number(value)), 'flights']}
              contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)', color: 'var(--text)' }}
            />
          )}
          <Area type="monotone" dataKey="value" stroke="var(--accent)" fill="var(--accent-soft)" strokeWidth={1.5} isAnimationActive={false} dot={false} />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
