import { readFileSync } from 'node:fs';
import { isAlive } from './process.ts';

/** The parent of a process, from /proc (Linux); undefined where there is no /proc or the process is gone. */
export function parentOf(pid: number): number | undefined {
  try {
    // The command name (field 2) may hold spaces and parentheses: fields count from the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) && ppid > 0 ? ppid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Calls `onGone` once when the process that launched this one is gone: it
 * exits or this one is re-parented (npm dies on a SIGHUP without passing it
 * on, or is killed). `depth` 2 also watches the grandparent, for a launcher
 * that outlives what started it. Returns a stop function; the timer does not
 * keep the process alive.
 */
export function watchParents(onGone: (why: string) => void, everyMs = 500, depth = 1): () => void {
  const ancestors: number[] = [];
  for (let pid = process.ppid; ancestors.length < depth && pid > 1; pid = parentOf(pid) ?? 1) ancestors.push(pid);
  const firstParent = process.ppid;
  const timer = setInterval(() => {
    const gone = process.ppid !== firstParent ? firstParent : ancestors.find((pid) => !isAlive(pid));
    if (gone === undefined) return;
    clearInterval(timer);
    onGone(`the process that started it (pid ${gone}) exited`);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
