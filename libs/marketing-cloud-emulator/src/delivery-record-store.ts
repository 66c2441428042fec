import type { EmulatorClock } from './clock.js';
import type { DeliveryRecordEntry } from './records.js';

/** How long, and how many, delivery records stay readable. */
export interface DeliveryRecordRetention {
  /** Records kept at most; the oldest is forgotten first. */
  readonly maxCount: number;
  /** A record is forgotten this long after its send was accepted (emulator clock). */
  readonly maxAgeMs: number;
}

/**
 * recipientSendId -> what its delivery record needs, bounded by count and age so that memory stays
 * flat however many sends go through (a forgotten id answers 404 / 30003, as an unknown one).
 * A Map keeps insertion order, which is acceptance order: the oldest entry is always first.
 */
export class DeliveryRecordStore {
  private readonly entries = new Map<string, DeliveryRecordEntry>();

  constructor(
    private readonly retention: DeliveryRecordRetention,
    private readonly clock: EmulatorClock,
  ) {}

  add(entry: DeliveryRecordEntry): void {
    this.entries.set(entry.recipientSendId.toLowerCase(), entry);
    while (this.entries.size > this.retention.maxCount) this.dropOldest();
    this.dropExpired();
  }

  /** The entry for an id (any case), unless it was never accepted or has been forgotten. */
  get(recipientSendId: string): DeliveryRecordEntry | undefined {
    this.dropExpired();
    return this.entries.get(recipientSendId.toLowerCase());
  }

  get size(): number {
    return this.entries.size;
  }

  private dropExpired(): void {
    const forgottenUpTo = this.clock.now() - this.retention.maxAgeMs;
    for (const [id, entry] of this.entries) {
      if (entry.acceptedAtMonotonic > forgottenUpTo) return;
      this.entries.delete(id);
    }
  }

  private dropOldest(): void {
    const oldest = this.entries.keys().next();
    if (!oldest.done) this.entries.delete(oldest.value);
  }
}
