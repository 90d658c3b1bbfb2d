import type { FlightDocument } from './mongo-flight.repository';

/** A seat delta of a participant write that was called and has not been applied or dropped yet. */
interface PendingDelta {
  writeId: string;
  marker: string;
  soldDelta: number;
  heldDelta: number;
  /** Resolves once the delta is applied or dropped. */
  settled: Promise<void>;
  settle: () => void;
}

/**
 * Seat counts of the node's flights as this process last stored or read them, so that a read of
 * a flight's counts never waits for a participant write in flight.
 *
 * Only this node process writes its database, and every seat update of a flight runs under the
 * flight's document queue (`flightDocumentKey`). The ledger therefore keeps, per flight, the
 * document as last written or read under that queue, plus the deltas of the participant writes
 * called but not yet applied, in call order. `project` adds those deltas to the stored counts:
 * the counts once every write called so far has applied, which is what the SQLite adapter shows
 * at once. A delta moves from pending to stored in the same synchronous step
 * (`record` with its marker), so no read counts it twice or misses it.
 *
 * Deltas of one flight are applied in call order (`turn`), so a write called after a release of
 * seats never reaches the database before that release and fails a count check the projection
 * passed.
 */
export class SeatLedger {
  private readonly stored = new Map<string, FlightDocument>();
  private readonly pending = new Map<string, PendingDelta[]>();

  /** Returns the flight as this process last wrote or read it, or undefined when unknown. */
  storedFlight(flightId: string): FlightDocument | undefined {
    return this.stored.get(flightId);
  }

  /**
   * Records the state of a flight just read or written under its document queue. With
   * `appliedMarker`, the pending delta of that marker is now part of `document` and stops being
   * pending.
   */
  record(document: FlightDocument, appliedMarker?: string): void {
    this.stored.set(document._id, document);
    if (appliedMarker !== undefined) {
      this.settle(document._id, (delta) => delta.marker === appliedMarker);
    }
  }

  /** Forgets a flight whose stored state is unknown, e.g. after an update failed without a reply. */
  forget(flightId: string): void {
    this.stored.delete(flightId);
  }

  /** Registers the deltas of a participant write when it is called, before any of them applies. */
  register(
    writeId: string,
    deltas: ReadonlyArray<{
      flightId: string;
      soldDelta: number;
      heldDelta: number;
      marker: string;
    }>,
  ): void {
    for (const delta of deltas) {
      let settle!: () => void;
      const settled = new Promise<void>((resolve) => {
        settle = resolve;
      });
      const queue = this.pending.get(delta.flightId) ?? [];
      queue.push({
        writeId,
        marker: delta.marker,
        soldDelta: delta.soldDelta,
        heldDelta: delta.heldDelta,
        settled,
        settle,
      });
      this.pending.set(delta.flightId, queue);
    }
  }

  /**
   * Resolves once every delta registered before the deltas of `writeId`, on the same flights, is
   * applied or dropped. Waits only point to writes called earlier, so they cannot form a cycle.
   */
  async turn(writeId: string): Promise<void> {
    const earlier: Array<Promise<void>> = [];
    for (const queue of this.pending.values()) {
      const own = queue.findIndex((delta) => delta.writeId === writeId);
      if (own > 0) {
        earlier.push(...queue.slice(0, own).map((delta) => delta.settled));
      }
    }
    await Promise.all(earlier);
  }

  /** Drops the deltas of `writeId` still pending: the write ended without applying them. */
  drop(writeId: string): void {
    for (const flightId of [...this.pending.keys()]) {
      this.settle(flightId, (delta) => delta.writeId === writeId);
    }
  }

  /** Returns `document` with the pending deltas of its flight added to its seat counts. */
  project(document: FlightDocument): FlightDocument {
    const queue = this.pending.get(document._id) ?? [];
    let sold = 0;
    let held = 0;
    for (const delta of queue) {
      sold += delta.soldDelta;
      held += delta.heldDelta;
    }
    return {
      ...document,
      seatsSold: document.seatsSold + sold,
      seatsHeld: document.seatsHeld + held,
      seatsAvailable: document.seatsAvailable - sold - held,
    };
  }

  private settle(flightId: string, matches: (delta: PendingDelta) => boolean): void {
    const queue = this.pending.get(flightId);
    if (!queue) {
      return;
    }
    const remaining: PendingDelta[] = [];
    for (const delta of queue) {
      if (matches(delta)) {
        delta.settle();
      } else {
        remaining.push(delta);
      }
    }
    if (remaining.length === 0) {
      this.pending.delete(flightId);
    } else {
      this.pending.set(flightId, remaining);
    }
  }
}
