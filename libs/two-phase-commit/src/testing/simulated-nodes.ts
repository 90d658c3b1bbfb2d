import type { SeatHolder } from '../core/age-rule';
import {
  type ParticipantFlight,
  type ParticipantStorageChange,
  type PrepareContext,
  ownLegs,
} from '../core/participant';
import type { CoordinatorTransaction, MsgPrepare, ParticipantTransaction } from '../core/types';

export type Durability = 'durable' | 'relaxed';

/**
 * The storage of one simulated node as an append-only log. A durable write also makes every
 * earlier write durable, as a write-ahead log synced at commit does. A crash keeps the durable
 * prefix and only some of the relaxed writes after it, in order.
 */
export class SimulatedLog<T> {
  private readonly entries: T[] = [];
  private durableLength = 0;

  append(entry: T, durability: Durability): void {
    this.entries.push(entry);
    if (durability === 'durable') {
      this.durableLength = this.entries.length;
    }
  }

  /** Number of relaxed writes that a crash may lose. */
  get relaxedTail(): number {
    return this.entries.length - this.durableLength;
  }

  /** Drops all but the first `relaxedKept` relaxed writes after the last durable one. */
  crash(relaxedKept: number): void {
    this.entries.length = this.durableLength + Math.min(relaxedKept, this.relaxedTail);
    this.durableLength = this.entries.length;
  }

  /** Returns the writes that survive any crash. */
  durable(): readonly T[] {
    return this.entries.slice(0, this.durableLength);
  }

  all(): readonly T[] {
    return this.entries;
  }
}

/** Latest record per transaction in a log of records. */
export function latestRecords<T extends { txId: string }>(records: Iterable<T>): Map<string, T> {
  const latest = new Map<string, T>();
  for (const record of records) {
    latest.set(record.txId, record);
  }
  return latest;
}

/** One flight of a simulated participant, with the seat counts its writes changed. */
export interface SimulatedFlight {
  flightId: string;
  airline: string;
  departureAt: number;
  capacity: number;
  /** Seats sold before the simulation started. */
  initialSold: number;
  sold: number;
  held: number;
  available: number;
}

export interface ParticipantWrite {
  record: ParticipantTransaction;
  inventory: ParticipantStorageChange['inventory'];
}

/** A prepare whose step returned a `wait` effect. It runs again when seats free up or at `until`. */
export interface ParkedPrepare {
  message: MsgPrepare;
  since: number;
  until: number;
}

/** The coordinator role of the simulated selling airline. */
export class SimulatedCoordinator {
  up = true;
  readonly log = new SimulatedLog<CoordinatorTransaction>();
  /** Records in memory: every record the node stepped, votes included. */
  records = new Map<string, CoordinatorTransaction>();

  /** Loses memory and keeps only what the log holds, as a restart does. */
  reload(): void {
    this.records = latestRecords(this.log.all());
  }
}

/** The participant role of one simulated airline: its flights and its transaction records. */
export class SimulatedParticipant {
  up = true;
  readonly log = new SimulatedLog<ParticipantWrite>();
  records = new Map<string, ParticipantTransaction>();
  flights = new Map<string, SimulatedFlight>();
  readonly parked = new Map<number, ParkedPrepare>();

  constructor(
    readonly airline: string,
    private readonly initialFlights: readonly SimulatedFlight[],
  ) {
    this.reload();
  }

  /** Applies the seat deltas of one write and returns whether seats left a hold or a sale. */
  applyInventory(inventory: ParticipantStorageChange['inventory']): boolean {
    let freed = false;
    for (const delta of inventory) {
      const flight = this.flights.get(delta.flightId);
      if (!flight) {
        throw new Error(`${this.airline} wrote seats of unknown flight ${delta.flightId}`);
      }
      flight.sold += delta.soldDelta;
      flight.held += delta.heldDelta;
      flight.available -= delta.soldDelta + delta.heldDelta;
      freed ||= delta.soldDelta < 0 || delta.heldDelta < 0;
    }
    return freed;
  }

  /** Loses memory and replays the log from the initial seats, as a restart does. */
  reload(): void {
    this.flights = new Map(this.initialFlights.map((flight) => [flight.flightId, { ...flight }]));
    this.parked.clear();
    for (const write of this.log.all()) {
      this.applyInventory(write.inventory);
    }
    this.records = latestRecords(this.log.all().map((write) => write.record));
  }

  /** Lists the prepared purchases holding seats on `flightId`, in the form the age rule takes. */
  holdersOf(flightId: string): SeatHolder[] {
    const holders: SeatHolder[] = [];
    for (const record of this.records.values()) {
      if (record.phase !== 'PREPARED' || record.payload?.kind !== 'purchase' || !record.stamp) {
        continue;
      }
      for (const leg of ownLegs(this.airline, record.payload.legs)) {
        if (leg.flightId === flightId) {
          holders.push({ txId: record.txId, stamp: record.stamp, seats: leg.seats });
        }
      }
    }
    return holders;
  }

  /** Builds the context that the participant service reads before stepping a prepare. */
  contextFor(message: MsgPrepare, waitingSince: number | null): PrepareContext {
    const flights: Record<string, ParticipantFlight | null> = {};
    for (const leg of ownLegs(this.airline, message.payload.legs)) {
      const flight = this.flights.get(leg.flightId);
      flights[leg.flightId] = flight
        ? {
            flightId: flight.flightId,
            airline: flight.airline,
            departureAt: flight.departureAt,
            capacity: flight.capacity,
            sold: flight.sold,
            held: flight.held,
            available: flight.available,
            holders: this.holdersOf(flight.flightId),
          }
        : null;
    }
    return { flights, coupons: [], waitingSince };
  }
}
