import { createInterface } from 'node:readline';
import { hashPassword } from '../server/security/passwordHash.ts';

/**
 * Prints the scrypt hash of a password read from stdin (never from argv,
 * which every user of the machine can read): what goes after `user:` in
 * WEB_BASIC_AUTH. Usage: npx pnpm -s web:hash-password  (type the password,
 * then Enter), or: printf '%s' "$PASSWORD" | npx pnpm -s web:hash-password
 */
const input = createInterface({ input: process.stdin, terminal: false });
if (process.stdin.isTTY) process.stderr.write('password (shown as you type; pipe it in to avoid that): ');
const line = await new Promise<string | undefined>((resolve) => {
  input.once('line', resolve);
  input.once('close', () => resolve(undefined));
});
input.close();
if (!line) {
  process.stderr.write('error: no password on stdin\n');
  process.exit(2);
}
process.stdout.write(`${hashPassword(line)}\n`);
