import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ServiceSpec {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
}

/**
 * Runs the demo's apps as children, each in its own process group, with
 * their output prefixed by name. Stopping signals whole groups, so nothing a
 * child started (tsx's node, for one) outlives the supervisor.
 */
export class Supervisor {
  private readonly children = new Map<string, ChildProcess>();
  private stopping = false;

  private readonly onUnexpectedExit: (name: string, code: number | null) => void;

  constructor(onUnexpectedExit: (name: string, code: number | null) => void) {
    this.onUnexpectedExit = onUnexpectedExit;
  }

  start(spec: ServiceSpec): void {
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.children.set(spec.name, child);
    const label = `[${spec.name}]`.padEnd(13);
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => process.stdout.write(`${label} ${line}\n`));
    }
    child.on('exit', (code) => {
      this.children.delete(spec.name);
      if (!this.stopping) this.onUnexpectedExit(spec.name, code);
    });
  }

  async stopAll(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    const alive = [...this.children.values()];
    for (const child of alive) signal(child, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (this.children.size > 0 && Date.now() < deadline) await sleep(100);
    for (const child of this.children.values()) signal(child, 'SIGKILL');
  }
}

function signal(child: ChildProcess, name: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, name);
  } catch {
    child.kill(name);
  }
}
