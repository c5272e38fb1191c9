import type { CauseTotals } from '@flights/schemas/dashboard';
import { formatCount, formatShare } from '../format.ts';

/** The causes in the order BTS publishes them, with the words an analyst knows them by. */
export const CAUSES = [
  { key: 'carrierDelaySum', label: 'Carrier', hint: 'maintenance, crew, baggage, fuelling' },
  { key: 'weatherDelaySum', label: 'Extreme weather', hint: 'weather that stops flying' },
  { key: 'nasDelaySum', label: 'National aviation system', hint: 'traffic, airport operations, ordinary weather' },
  { key: 'securityDelaySum', label: 'Security', hint: 'evacuations, screening queues' },
  { key: 'lateAircraftDelaySum', label: 'Late aircraft', hint: 'the aircraft arrived late from its previous flight' },
] as const satisfies readonly { key: keyof CauseTotals; label: string; hint: string }[];

/**
 * Where the delay minutes came from (files that give causes: BTS, the 2015
 * Kaggle file): a mix of minutes, like the stops mix, exact to the minute.
 */
export function DelayCauses({ causes }: { causes: CauseTotals }) {
  const minutes = CAUSES.map((cause) => ({ ...cause, minutes: causes[cause.key] }));
  const total = minutes.reduce((sum, c) => sum + c.minutes, 0);
  return (
    <section className="panel stops causes" aria-labelledby="causes-title" data-testid="delay-causes">
      <h2 id="causes-title">Delay causes</h2>
      <p className="note">
        {formatCount(total)} minutes of delay over {formatCount(causes.causeCount)} late arrivals with a cause
      </p>
      <div className="stops-bar" aria-hidden="true">
        {minutes
          .filter((c) => c.minutes > 0)
          .map((c) => (
            <span key={c.key} className={`cause-${c.key}`} style={{ flexGrow: c.minutes }} />
          ))}
      </div>
      <ul>
        {minutes.map((c) => (
          <li key={c.key} data-key={c.key} data-minutes={c.minutes} title={c.hint}>
            <span className={`swatch cause-${c.key}`} aria-hidden="true" />
            <span className="name">{c.label}</span>
            <span className="count">{formatCount(c.minutes)} min</span>
            <span className="share">{formatShare(c.minutes, total)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
