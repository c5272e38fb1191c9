import { memo, useState } from 'react';
import { formatBucket, formatCount } from '../format.ts';
import type { SeriesProps } from './Sparkline.tsx';

interface Props extends SeriesProps {
  /** Top of the y-scale, shared by a board's rows (stated in its header); zero is the bottom. */
  yMax: number;
}

const W = 100;
const H = 28;

/**
 * A board row's trend as plain SVG: sixty of these redraw on every push, and
 * a charting library's per-chart layout costs more than the whole page. The
 * hovered bucket's time and exact count show in a tooltip.
 */
export const MiniSparkline = memo(function MiniSparkline({ values, buckets, resolution, live, label, yMax }: Props) {
  const [hover, setHover] = useState<number | null>(null);
  const n = values.length;
  const complete = live ? n - 1 : n;
  const x = (i: number) => (n <= 1 ? W / 2 : ((i + 0.5) / n) * W);
  const y = (v: number) => H - 1 - (Math.min(v, yMax) / Math.max(1, yMax)) * (H - 3);
  const points = values.slice(0, complete).map((v, i) => `${x(i).toFixed(2)},${y(v).toFixed(2)}`);
  const area = points.length
    ? `M${x(0).toFixed(2)},${H} L${points.join(' L')} L${x(complete - 1).toFixed(2)},${H} Z`
    : '';
  const total = values.reduce((sum, v) => sum + v, 0);
  const onMove = (e: React.MouseEvent<SVGSVGElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    setHover(Math.max(0, Math.min(n - 1, Math.floor(((e.clientX - rect.left) / rect.width) * n))));
  };
  return (
    <div
      className="sparkline mini"
      role="img"
      aria-label={`${label}: ${formatCount(total)} flights, per ${resolution} ${values.join(', ')}`}
      data-values={values.join(',')}
      data-first-bucket={buckets[0]}
      data-ymax={yMax}
    >
      <svg
        aria-hidden="true"
        viewBox={`0 0 ${W} ${H}`}
        preserveAspectRatio="none"
        onMouseMove={onMove}
        onMouseLeave={() => setHover(null)}
      >
        {area && <path d={area} className="spark-area" />}
        {points.length > 1 && (
          <polyline points={points.join(' ')} className="spark-line" vectorEffect="non-scaling-stroke" />
        )}
        {live && n > 0 && (
          <circle
            cx={x(n - 1)}
            cy={y(values[n - 1]!)}
            r={1.6}
            className="spark-partial"
            vectorEffect="non-scaling-stroke"
          />
        )}
        {hover !== null && (
          <line x1={x(hover)} x2={x(hover)} y1={0} y2={H} className="spark-cursor" vectorEffect="non-scaling-stroke" />
        )}
      </svg>
      {hover !== null && (
        <div className="chart-tooltip mini-tooltip" data-testid="chart-tooltip">
          <span>
            {formatBucket(buckets[hover] ?? 0, resolution)}
            {live && hover === n - 1 ? ' (so far)' : ''}
          </span>
          <strong>{formatCount(values[hover] ?? 0)}</strong> flights
        </div>
      )}
    </div>
  );
});
