import type { Advertisement, AdvertisementUpdate } from './types';

/** A stored advertisement and the position of each flight id in its `flights` array. */
export interface DatabaseEntry {
  readonly advertisement: Advertisement;
  readonly flightIndex: ReadonlyMap<string, number>;
}

/** Builds the database entry of an advertisement. */
export function indexAdvertisement(advertisement: Advertisement): DatabaseEntry {
  const flightIndex = new Map<string, number>();
  advertisement.flights.forEach((flight, index) => flightIndex.set(flight.id, index));
  return { advertisement, flightIndex };
}

/**
 * Applies an update to an entry without changing the entry, and returns the new entry.
 * The caller checks that `update.previousSequence` is the entry's sequence.
 * Seat changes for flights the advertisement does not contain are ignored: origin and receiver
 * hold the same flights at the same sequence, so such a change can only come from a stale copy.
 */
export function applyUpdateToEntry(
  entry: DatabaseEntry,
  update: AdvertisementUpdate,
): DatabaseEntry {
  const flights = entry.advertisement.flights.slice();
  for (const change of update.seats) {
    const index = entry.flightIndex.get(change.flightId);
    if (index !== undefined) {
      flights[index] = { ...flights[index], seatsAvailable: change.seatsAvailable };
    }
  }
  const advertisement: Advertisement = {
    ...entry.advertisement,
    sequence: update.sequence,
    neighbors: update.neighbors ? [...update.neighbors] : entry.advertisement.neighbors,
    flights,
  };
  // Updates never add or remove flights, so the positions stay valid.
  return { advertisement, flightIndex: entry.flightIndex };
}

/**
 * Applies an update to an advertisement and returns the new advertisement, with the same rules
 * as the state machine. Stores that keep advertisements as plain objects use it for
 * `persistUpdate`.
 */
export function applyUpdate(
  advertisement: Advertisement,
  update: AdvertisementUpdate,
): Advertisement {
  return applyUpdateToEntry(indexAdvertisement(advertisement), update).advertisement;
}

export function sameNeighbors(left: readonly string[], right: readonly string[]): boolean {
  return left.length === right.length && left.every((code, index) => code === right[index]);
}

/** Compares two advertisements field by field, flights in order. */
export function sameAdvertisement(left: Advertisement, right: Advertisement): boolean {
  if (
    left.origin !== right.origin ||
    left.sequence !== right.sequence ||
    left.airlineName !== right.airlineName ||
    left.nodeUrl !== right.nodeUrl ||
    !sameNeighbors(left.neighbors, right.neighbors) ||
    left.flights.length !== right.flights.length
  ) {
    return false;
  }
  return left.flights.every((flight, index) => {
    const other = right.flights[index];
    return (Object.keys(flight) as (keyof typeof flight)[]).every(
      (key) => flight[key] === other[key],
    );
  });
}

/**
 * Returns true when applying `update` to the entry would change nothing: every seat count and
 * the adjacency list, if present, already match. For an update of this node's own origin at its
 * current sequence, that means the update is an echo of the last one it sent.
 */
export function updateMatchesEntry(update: AdvertisementUpdate, entry: DatabaseEntry): boolean {
  const { advertisement, flightIndex } = entry;
  if (update.neighbors && !sameNeighbors(update.neighbors, advertisement.neighbors)) {
    return false;
  }
  return update.seats.every((change) => {
    const index = flightIndex.get(change.flightId);
    return (
      index !== undefined && advertisement.flights[index].seatsAvailable === change.seatsAvailable
    );
  });
}
