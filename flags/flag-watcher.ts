import type { Store } from '../store/store.js';
import type { Flag } from '../model/flag.js';

/** Watcher settings (`flags.pollIntervalMs` in the config). */
export interface WatchFlagsOptions {
  /** Poll period, ms; keep it under 2000 so every instance follows a change within 2 s. */
  intervalMs: number;
  /** Called with all flags at start and after every change. */
  onChange(flags: Flag[]): void;
  /** Called when a poll fails (database down); the watcher keeps the last flags and keeps polling. */
  onError?(err: unknown): void;
}

/** A running watcher. */
export interface FlagWatcher {
  /** Resolves with the first flags read (rejects if the first read fails). */
  ready: Promise<Flag[]>;
  /** The last flags read (empty before the first read). */
  current(): Flag[];
  /** When a poll last succeeded (changed or not), ms since the epoch; null before the first. */
  lastSuccessAt(): number | null;
  close(): void;
}

/** Poll the store's flag version (one cheap query) and reload the flags only when it changed. */
export function watchFlags(store: Store, opts: WatchFlagsOptions): FlagWatcher {
  let version: string | null = null;
  let flags: Flag[] = [];
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  let succeededAt: number | null = null;

  async function poll(): Promise<void> {
    const v = await store.flagsVersion();
    if (v === version) {
      succeededAt = Date.now();
      return;
    }
    const next = await store.listFlags();
    succeededAt = Date.now();
    version = v;
    flags = next;
    if (!closed) opts.onChange(next);
  }

  function schedule(): void {
    if (closed) return;
    timer = setTimeout(() => {
      poll().catch((err) => opts.onError?.(err)).finally(schedule);
    }, opts.intervalMs);
    timer.unref();
  }

  const ready = poll().then(() => flags);
  ready.catch((err) => opts.onError?.(err)).finally(schedule);

  return {
    ready,
    current: () => flags,
    lastSuccessAt: () => succeededAt,
    close() {
      closed = true;
      if (timer !== null) clearTimeout(timer);
    },
  };
}
