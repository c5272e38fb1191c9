import { FIELDS } from '@flights/schemas';

/** Field sums of one entity over a window, as the minutes hold them (absent fields are 0). */
export type FieldSums = Readonly<Record<string, number>>;

/**
 * What a rule can watch, each computed from the window's summed fields exactly as the dashboard computes it.
 * A share or an average over no flights is undefined: the rule neither fires nor resolves on it.
 */
export const ALERT_METRICS = {
  flights: { unit: 'flights', value: (s: FieldSums) => s[FIELDS.flights] ?? 0 },
  averageFare: { unit: '₹', value: (s: FieldSums) => ratio(s[FIELDS.fareSum], s[FIELDS.fareCount]) },
  averageDepartureDelay: {
    unit: 'min',
    value: (s: FieldSums) => ratio(s[FIELDS.depDelaySum], s[FIELDS.depDelayCount]),
  },
  averageArrivalDelay: { unit: 'min', value: (s: FieldSums) => ratio(s[FIELDS.arrDelaySum], s[FIELDS.arrDelayCount]) },
  cancelledShare: { unit: '%', value: (s: FieldSums) => percent(s[FIELDS.cancelled], s[FIELDS.flights]) },
  /** Arrivals under 15 minutes late, of the flights with a known arrival delay (the A14 convention). */
  onTimeShare: {
    unit: '%',
    value: (s: FieldSums) => {
      const known = s[FIELDS.arrDelayCount] ?? 0;
      return percent(known - (s[FIELDS.arrDelayed15] ?? 0), known);
    },
  },
} as const;

export type AlertMetric = keyof typeof ALERT_METRICS;

function ratio(sum: number | undefined, count: number | undefined): number | undefined {
  return count ? (sum ?? 0) / count : undefined;
}

function percent(part: number | undefined, whole: number | undefined): number | undefined {
  return whole ? (100 * (part ?? 0)) / whole : undefined;
}
