import { AlertRulesError, describeCondition } from '@flights/alerts';
import { loadAlertRules } from '../server/alerts/loadAlertRules.ts';

/**
 * `npx pnpm alerts:check <rules file>`: checks alert rules as the web server will read them (ALERT_RULES).
 * Exit status 0 when they are good (each rule listed in one line), 2 with every problem, one line each.
 */
const path = process.argv[2];
if (!path || path === '--help' || path === '-h') {
  process.stderr.write('usage: npx pnpm alerts:check <rules.yaml>   (docs/alerts.md)\n');
  process.exit(path ? 0 : 2);
}
try {
  const { rules, receivers } = loadAlertRules(path);
  const scope = (rule: (typeof rules)[number]) =>
    rule.dimension ? `${rule.dimension} ${rule.entity ?? '(any)'}` : 'all flights';
  for (const rule of rules)
    process.stdout.write(
      `ok  ${rule.name}: ${rule.metric} of ${scope(rule)} ${describeCondition(rule)}` +
        `${rule.forMs ? ` for ${rule.forMs / 60_000}m` : ''} → ${rule.notify.join(', ') || 'no receiver'}\n`,
    );
  process.stdout.write(`${path}: ${rules.length} rules, ${receivers.length} receivers, all good\n`);
} catch (error) {
  if (!(error instanceof AlertRulesError)) throw error;
  process.stderr.write(`error: ${error.message}\n`);
  process.exit(2);
}
