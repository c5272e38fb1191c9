import { readFileSync } from 'node:fs';
import { AlertRulesError, type AlertRules, parseAlertRules } from '@flights/alerts';

/** A rules file read and checked; a missing or unreadable file is an AlertRulesError too, in one line. */
export function loadAlertRules(path: string): AlertRules {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new AlertRulesError(path, [`cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`]);
  }
  return parseAlertRules(text, path);
}
