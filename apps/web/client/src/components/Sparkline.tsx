import { memo } from 'react';
import { Area, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatBucket, formatCount } from '../format.ts';

/** A series over a range's buckets: what every chart of the page draws. */
export interface SeriesProps {
  values: number[];
  buckets: number[];
  resolution: 'minute' | 'hour';
  /** The last bucket is still filling: drawn as a hollow dot of its own, never joined to the line as a drop. */
  live: boolean;
  label: string;
}

interface Props extends SeriesProps {
  height?: number;
  detailed?: boolean;
  /** What is usual per bucket (hour-of-week mean ± one standard deviation), drawn as a band behind the series. */
  usual?: { mean: number[]; spread: number[] };
}

interface Point {
  t: number;
  value: number;
  complete: number | null;
  partial: number | null;
  usual?: [number, number];
}

function BucketTooltip({
  active,
  payload,
  resolution,
  lastBucket,
  live,
}: {
  active?: boolean;
  payload?: { payload: Point }[];
  resolution: 'minute' | 'hour';
  lastBucket: number;
  live: boolean;
}) {
  const point = payload?.[0]?.payload;
  if (!active || !point) return null;
  const sofar = live && point.t === lastBucket;
  return (
    <div className="chart-tooltip" data-testid="chart-tooltip">
      <span>
        {formatBucket(point.t, resolution)}
        {sofar ? ' (so far)' : ''}
      </span>
      <strong>{formatCount(point.value)}</strong> flights
      {point.usual && (
        <span data-testid="tooltip-usual">
          usual {formatCount(Math.round(point.usual[0]))}–{formatCount(Math.round(point.usual[1]))}
        </span>
      )}
    </div>
  );
}

/** The band's low and high edge at bucket i: mean ± one spread, never below zero. */
function usualRange(usual: { mean: number[]; spread: number[] }, i: number): [number, number] {
  const mean = usual.mean[i] ?? 0;
  const spread = usual.spread[i] ?? 0;
  return [Math.max(0, mean - spread), mean + spread];
}

/**
 * Flights per bucket on a stated scale from zero. The values are also on
 * the element for tests and screen readers; hovering shows a bucket's exact
 * count and time.
 */
// Memoized: the page re-renders every second for its clock, and a month of
// hourly buckets is 720 points per chart; charts redraw only on new data.
export const Sparkline = memo(function Sparkline({
  values,
  buckets,
  resolution,
  live,
  label,
  height = 28,
  detailed = false,
  usual,
}: Props) {
  const last = values.length - 1;
  const data: Point[] = values.map((value, i) => ({
    t: buckets[i]!,
    value,
    complete: live && i === last ? null : value,
    partial: live && i === last ? value : null,
    ...(usual ? { usual: usualRange(usual, i) } : {}),
  }));
  const total = values.reduce((sum, value) => sum + value, 0);
  // Zero at the bottom; an all-zero series lies on it. The band fits too.
  const top = Math.max(1, ...values, ...(usual ? data.map((point) => Math.ceil(point.usual![1])) : []));
  return (
    <div
      className="sparkline"
      style={{ height }}
      role="img"
      aria-label={`${label}: ${formatCount(total)} flights, per ${resolution} ${values.join(', ')}`}
      data-values={values.join(',')}
      data-first-bucket={buckets[0]}
      data-ymax={top}
      {...(usual ? { 'data-usual-mean': usual.mean.join(','), 'data-usual-spread': usual.spread.join(',') } : {})}
    >
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 120, height }}>
        <ComposedChart data={data} margin={{ top: 2, right: detailed ? 4 : 0, bottom: 0, left: 0 }}>
          <XAxis
            dataKey="t"
            hide={!detailed}
            tickFormatter={(t) => formatBucket(Number(t), resolution)}
            tick={{ fontSize: 11 }}
            stroke="var(--muted)"
            minTickGap={40}
          />
          <YAxis
            hide={!detailed}
            domain={[0, top]}
            allowDecimals={false}
            width={48}
            tick={{ fontSize: 11 }}
            stroke="var(--muted)"
            tickFormatter={(v) => formatCount(Number(v))}
          />
          <Tooltip
            content={<BucketTooltip resolution={resolution} lastBucket={buckets[last] ?? 0} live={live} />}
            cursor={{ stroke: 'var(--muted)', strokeWidth: 1 }}
            isAnimationActive={false}
          />
          <Area
            type="linear"
            dataKey="complete"
            stroke="var(--accent)"
            fill="var(--accent-soft)"
            strokeWidth={1.5}
            isAnimationActive={false}
            dot={false}
            connectNulls={false}
          />
          {/* Over the series' fill, so it shows where the flights run below it too. */}
          {usual && (
            <Area
              type="monotone"
              dataKey="usual"
              stroke="none"
              fill="var(--muted)"
              fillOpacity={0.3}
              isAnimationActive={false}
              activeDot={false}
            />
          )}
          {live && (
            <Line
              type="linear"
              dataKey="partial"
              stroke="none"
              isAnimationActive={false}
              dot={{
                r: detailed ? 3 : 2,
                fill: 'var(--panel)',
                stroke: 'var(--accent)',
                strokeOpacity: 0.7,
                strokeDasharray: '2 1',
              }}
            />
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
});
