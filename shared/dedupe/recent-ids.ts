/**
 * Remembers the last `capacity` event ids, to drop a redelivery (Dub retries with the same id) where the platform
 * does not de-duplicate. Bounded: the oldest id is forgotten first.
 */
export class RecentIds {
  private readonly ids = new Set<string>();

  constructor(readonly capacity = 10_000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
  }

  /** True if `id` is remembered; remembers nothing. */
  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** Remembers `id` (once), forgetting the oldest beyond the capacity. */
  remember(id: string): void {
    if (this.ids.has(id)) return;
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
  }

  get size(): number {
    return this.ids.size;
  }
}
