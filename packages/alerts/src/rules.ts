import { DIMENSIONS, type Dimension } from '@flights/schemas';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ALERT_METRICS, type AlertMetric } from './metrics.ts';

/** The longest window a rule may watch; past the live edge's two hours, the web server reads InfluxDB's minutes. */
export const MAX_WINDOW_MS = 24 * 60 * 60_000;
/** The deadman reads the live edge alone. */
const MAX_SILENCE_MS = 2 * 60 * 60_000;
export const MIN_WINDOW_MS = 5 * 60_000;

/** When a rule's metric is wrong: above or below a threshold, moved against the previous window, or silent. */
export type AlertCondition =
  | { kind: 'above' | 'below'; threshold: number }
  /** Percent change against the window before (negative: a drop); fires when the change goes past it. */
  | { kind: 'change'; percent: number }
  /** No flight for this long (ms): the deadman. */
  | { kind: 'noData'; forMs: number }
  /**
   * Further from the usual for this hour of the week (usual.ts, from the hourly rollups of the last four weeks)
   * than this many spreads, either way; a count's usual is scaled to the window.
   */
  | { kind: 'deviation'; spreads: number };

/** A webhook that receives the notifications: a documented JSON body, or Slack's `{ text }`. */
export interface AlertReceiver {
  name: string;
  url: string;
  format: 'json' | 'slack';
}

export interface AlertRule {
  name: string;
  metric: AlertMetric;
  /** No dimension: the whole traffic; a dimension without entity: every entity of it ("any airport"). */
  dimension?: Dimension;
  entity?: string;
  windowMs: number;
  condition: AlertCondition;
  /** How long the condition must hold before the alert fires (pending until then); 0 fires at once. */
  forMs: number;
  /** While firing, the notification goes out again this often; 0 never. */
  repeatMs: number;
  labels: Record<string, string>;
  /** `{{entity}}`, `{{value}}`, `{{metric}}`, `{{window}}`, `{{rule}}` and `{{labels.x}}` are filled in. */
  message: string;
  /** Receivers by name; every receiver when absent. */
  notify: string[];
}

/** Notifications held back until `until` (epoch ms) for a rule, an entity, or both; the transitions are still kept. */
export interface AlertSilence {
  rule?: string;
  entity?: string;
  until: number;
  comment: string;
}

export interface AlertRules {
  receivers: AlertReceiver[];
  rules: AlertRule[];
  silences: AlertSilence[];
}

/** Whether a transition of `rule` for `entity` is silenced at `now`. */
export function isSilenced(silences: readonly AlertSilence[], rule: string, entity: string | null, now: number) {
  return silences.some(
    (silence) =>
      now < silence.until &&
      (silence.rule === undefined || silence.rule === rule) &&
      (silence.entity === undefined || silence.entity === entity),
  );
}

/** A rules file that cannot be used: every problem, one line each, naming the rule and the field. */
export class AlertRulesError extends Error {
  readonly problems: string[];
  constructor(source: string, problems: string[]) {
    super(
      `${source}: ${problems.length} problem${problems.length > 1 ? 's' : ''}\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
    this.name = 'AlertRulesError';
    this.problems = problems;
  }
}

/** "90s", "15m", "2h", "1d" in ms. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+)(s|m|h|d)$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 's' | 'm' | 'h' | 'd'];
}

const duration = z.string().refine((text) => parseDuration(text) !== undefined, 'a duration such as 90s, 15m or 2h');
const condition = z.union([
  z.strictObject({ above: z.number() }),
  z.strictObject({ below: z.number() }),
  z.strictObject({ change: z.number().refine((n) => n !== 0, 'a percent other than 0: -50 is a drop by half') }),
  z.strictObject({ noData: duration }),
  z.strictObject({ deviation: z.number().positive('a number of spreads above 0, such as 3') }),
]);
const ruleSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only'),
  metric: z.enum(Object.keys(ALERT_METRICS) as [AlertMetric, ...AlertMetric[]]),
  dimension: z.enum(DIMENSIONS as [Dimension, ...Dimension[]]).optional(),
  entity: z.string().min(1).optional(),
  window: duration,
  condition,
  for: duration.default('0s'),
  repeat: duration.default('4h'),
  labels: z.record(z.string(), z.string()).default({}),
  message: z.string().default('{{rule}}: {{metric}} {{value}} for {{entity}} over {{window}}'),
  notify: z.array(z.string()).optional(),
});
const fileSchema = z.strictObject({
  receivers: z
    .array(
      z.strictObject({
        name: z.string(),
        url: z.url({ protocol: /^https?$/ }),
        format: z.enum(['json', 'slack']).default('json'),
      }),
    )
    .default([]),
  rules: z.array(ruleSchema),
  silences: z
    .array(
      z.strictObject({
        rule: z.string().optional(),
        entity: z.string().optional(),
        until: z.iso.datetime({ offset: true }),
        comment: z.string().default(''),
      }),
    )
    .default([]),
});

function toCondition(raw: z.infer<typeof condition>): AlertCondition {
  if ('above' in raw) return { kind: 'above', threshold: raw.above };
  if ('below' in raw) return { kind: 'below', threshold: raw.below };
  if ('change' in raw) return { kind: 'change', percent: raw.change };
  if ('deviation' in raw) return { kind: 'deviation', spreads: raw.deviation };
  return { kind: 'noData', forMs: parseDuration(raw.noData)! };
}

/** Where a zod issue lies, as a person names it: "rule 2 (late-arrivals) window". */
function where(path: readonly PropertyKey[], raw: unknown): string {
  if (path[0] !== 'rules' || typeof path[1] !== 'number') return path.join('.') || 'the file';
  const name = (raw as { rules?: { name?: unknown }[] }).rules?.[path[1]]?.name;
  const rest = path.slice(2).join('.');
  return `rule ${path[1] + 1}${typeof name === 'string' ? ` (${name})` : ''}${rest ? ` ${rest}` : ''}`;
}

/** The checks zod cannot make alone: window bounds, entity without a dimension, names, receivers. */
function crossChecks(file: z.infer<typeof fileSchema>): string[] {
  const problems: string[] = [];
  const receivers = new Set(file.receivers.map((receiver) => receiver.name));
  const names = new Set<string>();
  file.rules.forEach((rule, i) => {
    const label = `rule ${i + 1} (${rule.name})`;
    const window = parseDuration(rule.window)!;
    if (window < MIN_WINDOW_MS || window > MAX_WINDOW_MS)
      problems.push(`${label} window: ${rule.window} is outside 5m to 24h`);
    else if ('change' in rule.condition && 2 * window > MAX_WINDOW_MS)
      problems.push(`${label} window: ${rule.window} is over 12h, and a change compares it with the window before`);
    if ('noData' in rule.condition && parseDuration(rule.condition.noData)! > MAX_SILENCE_MS)
      problems.push(`${label} condition.noData: ${rule.condition.noData} is over 2h (the live minutes)`);
    if (window % 60_000) problems.push(`${label} window: ${rule.window} is not whole minutes`);
    if (rule.entity && !rule.dimension) problems.push(`${label} entity: needs a dimension (carrier, departure, …)`);
    if (names.has(rule.name)) problems.push(`${label} name: used by an earlier rule`);
    names.add(rule.name);
    for (const receiver of rule.notify ?? [])
      if (!receivers.has(receiver)) problems.push(`${label} notify: no receiver named ${receiver}`);
  });
  file.silences.forEach((silence, i) => {
    if (silence.rule !== undefined && !names.has(silence.rule))
      problems.push(`silences.${i} rule: no rule named ${silence.rule}`);
    if (silence.rule === undefined && silence.entity === undefined)
      problems.push(`silences.${i}: names a rule, an entity or both (a silence of everything is no rules file)`);
  });
  return problems;
}

/** Reads and checks a rules file's text (YAML, of which JSON is a part); throws AlertRulesError with every problem. */
export function parseAlertRules(text: string, source = 'rules'): AlertRules {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new AlertRulesError(source, [`not YAML or JSON: ${(error as Error).message.split('\n')[0]}`]);
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success)
    throw new AlertRulesError(
      source,
      parsed.error.issues.map((issue) => `${where(issue.path, raw)}: ${issue.message}`),
    );
  const problems = crossChecks(parsed.data);
  if (problems.length) throw new AlertRulesError(source, problems);
  return {
    receivers: parsed.data.receivers,
    rules: parsed.data.rules.map((rule) => ({
      name: rule.name,
      metric: rule.metric,
      ...(rule.dimension ? { dimension: rule.dimension } : {}),
      ...(rule.entity ? { entity: rule.entity } : {}),
      windowMs: parseDuration(rule.window)!,
      condition: toCondition(rule.condition),
      forMs: parseDuration(rule.for)!,
      repeatMs: parseDuration(rule.repeat)!,
      labels: rule.labels,
      message: rule.message,
      notify: rule.notify ?? parsed.data.receivers.map((receiver) => receiver.name),
    })),
    silences: parsed.data.silences.map((silence) => ({
      ...(silence.rule !== undefined ? { rule: silence.rule } : {}),
      ...(silence.entity !== undefined ? { entity: silence.entity } : {}),
      until: Date.parse(silence.until),
      comment: silence.comment,
    })),
  };
}
