import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { hasCommand, run } from './commands.ts';
import { StackError } from './errors.ts';

const POLICY = '/usr/sbin/policy-rc.d';

/**
 * Installs Debian packages that provide `binary`, once. Services the packages
 * would start (influxdb on 0.0.0.0:8086) are held back with policy-rc.d: the
 * project starts its own server, bound to loopback, with its own data folder.
 */
export function ensureDebianPackages(binary: string, packages: string[], log: (line: string) => void): void {
  if (hasCommand(binary)) return;
  const hint = `apt-get update && apt-get install -y ${packages.join(' ')}`;
  if (!hasCommand('apt-get'))
    throw new StackError(
      `${binary} is missing and this is not a Debian system with apt-get; install it yourself (${packages.join(', ')})`,
    );
  if (process.getuid?.() !== 0)
    throw new StackError(`${binary} is missing; installing it needs root: run \`sudo ${hint}\``);
  log(`installing ${packages.join(', ')} with apt-get`);
  const ownPolicy = !existsSync(POLICY);
  if (ownPolicy) writeFileSync(POLICY, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    let result = run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...packages], { env });
    if (!result.ok) {
      // A fresh machine has no package lists yet.
      const update = run('apt-get', ['update', '-q'], { env });
      if (!update.ok) throw new StackError(`apt-get update failed:\n${update.output.slice(-2000)}`);
      result = run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...packages], { env });
    }
    if (!result.ok || !hasCommand(binary)) {
      throw new StackError(`could not install ${packages.join(', ')} (${hint}):\n${result.output.slice(-2000)}`);
    }
  } finally {
    if (ownPolicy) rmSync(POLICY, { force: true });
  }
}
