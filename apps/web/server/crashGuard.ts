/**
 * The web server's last line of defence: a promise that rejects with nobody
 * to catch it (a handler's bug, a hostile request nobody foresaw) is logged
 * in one line and counted, and the server goes on serving everyone else.
 * Without it, Node ends the process on the first unhandled rejection and
 * the dashboard is gone for every user. Exceptions thrown synchronously are
 * not caught here: the process state after one is unknown, so it still ends.
 */
export function guardRejections(log: (line: string) => void, count: () => void = () => undefined): void {
  process.on('unhandledRejection', (reason) => {
    count();
    const message = reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason);
    log(`[web] a request failed unexpectedly and was dropped (the server goes on): ${message.slice(0, 300)}`);
  });
}
