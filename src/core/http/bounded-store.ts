/**
 * A map bounded by bytes, not by entries (issue #19, memory): the shared page cache and the statistics
 * reports' cache keep what they hold under a stated number of bytes, the least recently read out first,
 * and never keep one entry that would take more than a given share of the budget.
 */
export class BoundedStore<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private total = 0;

  /**
   * @param maxBytes what all entries together may take
   * @param maxEntryBytes what one entry may take (default a sixteenth of the budget): a larger one is not kept
   */
  constructor(
    readonly maxBytes: number,
    readonly maxEntryBytes = Math.floor(maxBytes / 16),
  ) {}

  /** Bytes held now. */
  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value, now the most recently read. */
  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value;
  }

  /** Keeps `value` as `bytes` long (replacing what the key held), then drops the least recently read until within the budget. False when it is too large to keep. */
  set(key: string, value: V, bytes: number): boolean {
    this.delete(key);
    if (bytes > this.maxEntryBytes) return false;
    this.entries.set(key, { value, bytes });
    this.total += bytes;
    for (const [k] of this.entries) {
      if (this.total <= this.maxBytes) break;
      this.delete(k);
    }
    return true;
  }

  delete(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.total -= e.bytes;
    this.entries.delete(key);
  }
}
