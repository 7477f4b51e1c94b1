import { pino, type DestinationStream } from 'pino';

/** Where a long-running command writes its JSON log lines (stdout or a file), batched and asynchronous. */
export interface LogDestination {
  /** The stream to give pino (`pino(options, destination.stream)`). */
  readonly stream: DestinationStream;
  /**
   * Write every buffered line, in order, then stop. Resolves after `timeoutMs` at the latest, so a
   * stuck reader of stdout cannot hold a shutdown.
   */
  close(timeoutMs?: number): Promise<void>;
}

/**
 * One line per request is written off the request path's critical section: lines gather up to 4 KB
 * before one asynchronous write (instead of one write, and a thread-pool hop, per request), and a quiet
 * process writes what it holds every second.
 */
export function createLogDestination(dest: string | number = 1): LogDestination {
  const boom = pino.destination({ dest, sync: false, minLength: 4096, periodicFlush: 1_000 });
  return {
    stream: boom,
    close(timeoutMs = 2_000) {
      return new Promise((resolve) => {
        // sonic-boom's types do not list `destroyed`.
        if ((boom as unknown as { destroyed: boolean }).destroyed) {
          resolve();
          return;
        }
        const timer = setTimeout(resolve, timeoutMs);
        boom.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        // end() waits for a write in flight before it writes the rest. flushSync() does not: the lines
        // it writes can land before those of the write still in flight.
        boom.end();
      });
    },
  };
}
