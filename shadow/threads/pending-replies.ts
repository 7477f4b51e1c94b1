/**
 * What waits for a thread's replies, found by the id each reply carries back: the id is the entry's
 * index in one array, and an index is reused once its reply has come.
 *
 * Not a Map, for the young-generation GC of the proxy's event loop. A Map that has lived long enough
 * to be promoted allocates each rehashed table in old space, and the table it leaves behind still
 * points at every entry it held. A scavenge cannot tell a dead old object from a live one: it keeps
 * whatever old space points at. So every job whose settlers passed through a Map, with the legacy
 * answer its continuation holds, lived through the next scavenge and was promoted, job after job,
 * until a mark-compact: in the shadow bench's paced arms 290–570 KB survived each scavenge with the
 * Map (BENCHMARKS.md, "Where the primary's p99 goes"), 142–151 KB (same-speed candidate) and 192–200
 * KB (slow one) with this, V8's defaults otherwise ("Two things that kept every job alive"). Here the
 * array is replaced only when it grows, and a slot is cleared the moment its reply comes.
 */
export class PendingReplies<T> {
  readonly #entries: (T | undefined)[] = [];
  /** Indexes free for reuse; only small integers, which hold nothing. */
  readonly #free: number[] = [];
  #size = 0;

  /** Entries waiting for their reply. */
  get size(): number {
    return this.#size;
  }

  /** Keep `entry` until its reply; the id to send with the task. */
  add(entry: T): number {
    const id = this.#free.pop() ?? this.#entries.length;
    this.#entries[id] = entry;
    this.#size++;
    return id;
  }

  /** The entry waiting under `id`, no longer kept; undefined when nothing waits there. */
  take(id: number): T | undefined {
    const entry = this.#entries[id];
    if (entry === undefined) return undefined;
    this.#entries[id] = undefined;
    this.#free.push(id);
    this.#size--;
    return entry;
  }

  /** Every waiting entry, none kept from then on. */
  drain(): T[] {
    const waiting: T[] = [];
    for (let id = 0; id < this.#entries.length; id++) {
      const entry = this.take(id);
      if (entry !== undefined) waiting.push(entry);
    }
    return waiting;
  }
}
