import { quoteIdent, type InfluxV1Client } from '@flights/influx';
import { FIELDS, INFLUX_RETENTION_POLICY, MEASUREMENTS, ROLLUP_RETENTION_POLICY } from '@flights/schemas';

/** How long an answer stands: on-time data appearing shows its delays within this. */
const RECHECK_MS = 10_000;

/**
 * Whether the database holds delay fields at all (on-time data was ever
 * aggregated into it, in the minutes or the rollups), asked of InfluxDB's
 * field index every few seconds: fare data then reads no delay field.
 */
export class DelayFieldsProbe {
  private answer: { delays: boolean; at: number } | undefined;
  /** The question being asked: ranges refreshing together share it. */
  private asking: Promise<boolean> | undefined;

  private readonly influx: InfluxV1Client;
  /** Delays known without asking (the live edge has taken points with delay fields): true at once. */
  private readonly knownElsewhere: () => boolean;

  constructor(influx: InfluxV1Client, knownElsewhere: () => boolean = () => false) {
    this.influx = influx;
    this.knownElsewhere = knownElsewhere;
  }

  async delays(now = Date.now()): Promise<boolean> {
    if (this.knownElsewhere()) return true;
    if (this.answer && now - this.answer.at < RECHECK_MS) return this.answer.delays;
    this.asking ??= this.ask(now).finally(() => {
      this.asking = undefined;
    });
    return this.asking;
  }

  private async ask(now: number): Promise<boolean> {
    const statements = [INFLUX_RETENTION_POLICY.name, ROLLUP_RETENTION_POLICY.name].map(
      (policy) => `SHOW FIELD KEYS FROM ${quoteIdent(policy)}.${quoteIdent(MEASUREMENTS.total)}`,
    );
    const answers = await this.influx.queryEach(statements);
    const keys = answers.flat().flatMap((series) => series.rows.map((row) => String(row.fieldKey)));
    const delays =
      keys.includes(FIELDS.depDelayCount) || keys.includes(FIELDS.arrDelayCount) || keys.includes(FIELDS.cancelled);
    this.answer = { delays, at: now };
    return delays;
  }
}
