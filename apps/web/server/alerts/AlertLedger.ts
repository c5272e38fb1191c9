import type { AlertNotification, RestoredAlert } from '@flights/alerts';
import { type InfluxV1Client, Point, quoteString } from '@flights/influx';
import { ALERTS_MEASUREMENT } from '@flights/schemas';

/** A transition as the ledger holds it. */
export interface LedgerEntry {
  rule: string;
  entity: string;
  status: 'firing' | 'resolved';
  at: number;
  startsAt: number;
  repeat: number;
  value: number | undefined;
}

/**
 * The record of what was told: InfluxDB's `alerts` measurement (docs/schema.md), one point per transition at its
 * minute, tagged rule, entity and status. Grafana draws it as annotations; the dispatcher asks it whether a
 * transition was told already; a restarted web server reads from it which alerts were firing.
 */
export class AlertLedger {
  private readonly influx: InfluxV1Client;

  constructor(influx: InfluxV1Client) {
    this.influx = influx;
  }

  /** Writes a told (or silenced) transition. */
  async write(notification: AlertNotification, silenced: boolean): Promise<void> {
    const point = new Point(ALERTS_MEASUREMENT)
      .tag('rule', notification.rule)
      .tag('entity', notification.entity ?? '')
      .tag('status', notification.status)
      .intField('starts_at', Date.parse(notification.startsAt))
      .intField('repeat', notification.repeat)
      .stringField('key', notification.key)
      .stringField('message', notification.message)
      .booleanField('silenced', silenced)
      .timestamp(Date.parse(notification.at));
    if (notification.value !== null) point.floatField('value', notification.value);
    await this.influx.write([point.toLineProtocol({ convertTime: String })!]);
  }

  /**
   * Whether this rule, entity and status were told at this minute: by this key or by another (two judges that
   * disagreed on a start); one notice per minute and transition either way.
   */
  async told(notification: AlertNotification): Promise<boolean> {
    const at = Date.parse(notification.at);
    const [series] = await this.influx.query(
      `SELECT "key" FROM ${ALERTS_MEASUREMENT} WHERE "rule" = ${quoteString(notification.rule)} AND ` +
        `"entity" = ${quoteString(notification.entity ?? '')} AND "status" = ${quoteString(notification.status)} ` +
        `AND time = ${at}ms`,
    );
    return (series?.rows.length ?? 0) > 0;
  }

  /** Every transition since `from` (epoch ms), oldest first. */
  async since(from: number): Promise<LedgerEntry[]> {
    const [series] = await this.influx.query(
      `SELECT "starts_at", "repeat", "value", "rule", "entity", "status" FROM ${ALERTS_MEASUREMENT} ` +
        `WHERE time >= ${from}ms`,
    );
    return (series?.rows ?? []).map((row) => ({
      rule: String(row.rule),
      entity: String(row.entity ?? ''),
      status: row.status === 'resolved' ? 'resolved' : 'firing',
      at: Number(row.time),
      startsAt: Number(row.starts_at),
      repeat: Number(row.repeat),
      value: typeof row.value === 'number' ? row.value : undefined,
    }));
  }
}

/**
 * The alerts of `rule` firing after minute `judged`, from the ledger's entries (oldest first): each entity's last
 * transition at or before it, if that was a firing; its first notice is the repeat 0 of the same start.
 */
export function firingAfter(entries: readonly LedgerEntry[], rule: string, judged: number): RestoredAlert[] {
  const last = new Map<string, LedgerEntry>();
  const firstNotice = new Map<string, number>();
  for (const entry of entries) {
    if (entry.rule !== rule || entry.at > judged) continue;
    last.set(entry.entity, entry);
    if (entry.status === 'firing' && entry.repeat === 0) firstNotice.set(`${entry.entity}/${entry.startsAt}`, entry.at);
  }
  return [...last.values()]
    .filter((entry) => entry.status === 'firing')
    .map((entry) => ({
      entity: entry.entity,
      since: entry.startsAt,
      firingAt: firstNotice.get(`${entry.entity}/${entry.startsAt}`) ?? entry.at,
      notifiedAt: entry.at,
      repeats: entry.repeat,
      value: entry.value,
    }));
}
