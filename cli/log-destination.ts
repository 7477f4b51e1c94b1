import { pino } from 'pino';

/** Where `strangler serve` writes its JSON log lines (stdout). */
export interface LogDestination {
  /** The stream to hand to pino. */
  readonly stream: pino.DestinationStream;
  /** Write what is buffered, synchronously (on shutdown). */
  flushSync(): void;
}

/**
 * Stdout, written asynchronously in batches: lines gather up to `batchBytes` before a write, instead of
 * one write (and a thread-pool hop) per request. A quiet proxy would then hold its last lines back until
 * more traffic came (an operator tailing the log, or a log shipper, would see nothing); so whatever is
 * buffered is also written after at most `maxDelayMs`.
 */
export function createLogDestination(options: { batchBytes?: number; maxDelayMs?: number } = {}): LogDestination {
  const boom = pino.destination({ sync: false, minLength: options.batchBytes ?? 4096 });
  let unwritten = false;
  const write = boom.write.bind(boom);
  boom.write = (line: string): boolean => {
    unwritten = true;
    return write(line);
  };
  const timer = setInterval(() => {
    if (!unwritten) return;
    unwritten = false;
    // A flush while a write is in flight only adds the rest to that write's tail: never an error.
    boom.flush((err) => {
      if (err) unwritten = true;
    });
  }, options.maxDelayMs ?? 1_000);
  timer.unref(); // the log never keeps the process alive
  return {
    stream: boom,
    flushSync() {
      clearInterval(timer);
      boom.flushSync();
    },
  };
}
