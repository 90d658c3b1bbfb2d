import { sameAdvertisement, sameNeighbors, updateMatchesEntry } from './advertisements';
import { upNeighborAirlines } from './link-state';
import type { StepBuilder } from './step-builder';
import { UPDATE_SEAT_CHANGES_MAX } from './types';
import type { AdvertisedFlight, Advertisement, AdvertisementUpdate, SeatChange } from './types';
import { validateOwnFlights } from './validation';

/**
 * Originates a full own advertisement with sequence `previousSequence + 1`, the given flights
 * and the current up neighbours, then persists it and floods it to every up neighbour.
 */
export function originateAdvertisement(
  step: StepBuilder,
  flights: AdvertisedFlight[],
  previousSequence: number,
): void {
  const { self, selfName, selfUrl } = step.config;
  step.storeAdvertisement(
    {
      origin: self,
      sequence: previousSequence + 1,
      airlineName: selfName,
      nodeUrl: selfUrl,
      neighbors: upNeighborAirlines(step),
      flights,
    },
    null,
    null,
  );
}

/** Originates an own update on top of the current own sequence, persists it and floods it. */
function originateUpdate(step: StepBuilder, seats: SeatChange[], neighbors?: string[]): void {
  const entry = step.ownEntry;
  const sequence = entry.advertisement.sequence;
  const update: AdvertisementUpdate = {
    origin: step.self,
    sequence: sequence + 1,
    previousSequence: sequence,
    seats,
  };
  if (neighbors) {
    update.neighbors = neighbors;
  }
  step.storeUpdate(entry, update, null, null);
}

/**
 * Validates own flights and returns the clean copy. Throws a RangeError when receivers would
 * reject them, because a node that advertised them would be ignored by the whole network.
 */
export function checkOwnFlights(self: string, flights: AdvertisedFlight[]): AdvertisedFlight[] {
  const result = validateOwnFlights(self, flights);
  if (!result.ok) {
    throw new RangeError(`Invalid own flights for airline ${self}: ${result.errors.join('; ')}`);
  }
  return result.value;
}

/** Replaces all own flights with a new full advertisement at the next sequence. */
export function replaceOwnFlights(step: StepBuilder, flights: AdvertisedFlight[]): void {
  const checked = checkOwnFlights(step.self, flights);
  // The new flights carry current seat counts, so pending changes are superseded.
  step.mutablePendingSeats().clear();
  originateAdvertisement(step, checked, step.ownEntry.advertisement.sequence);
}

/**
 * Merges own seat changes into the pending batch, where the last value per flight wins, and
 * flushes the batch when `updateBatchIntervalMs` has passed since the last flush. Otherwise
 * emits `wakeAt` for the flush time. Changes for flights not in the own advertisement are
 * ignored, because such a flight is no longer advertised. Throws a RangeError on a seat count
 * that is not an integer from 0 to the flight's capacity.
 */
export function changeOwnSeats(step: StepBuilder, changes: SeatChange[]): void {
  const { advertisement, flightIndex } = step.ownEntry;
  for (const change of changes) {
    const index = flightIndex.get(change.flightId);
    if (index === undefined) {
      continue;
    }
    const capacity = advertisement.flights[index].capacity;
    const seats = change.seatsAvailable;
    if (!Number.isSafeInteger(seats) || seats < 0 || seats > capacity) {
      throw new RangeError(
        `Invalid seat count ${seats} for own flight ${change.flightId}: expected an integer from 0 to its capacity ${capacity}`,
      );
    }
  }
  const pending = step.mutablePendingSeats();
  for (const change of changes) {
    if (flightIndex.has(change.flightId)) {
      pending.set(change.flightId, change.seatsAvailable);
    }
  }

  const flushAt = nextFlushAt(step);
  if (flushAt !== null && step.now < flushAt) {
    step.wakeAt = flushAt;
  } else {
    flushOwnSeats(step);
  }
}

/** Flushes the pending batch if it is due. Called on every tick. */
export function flushOwnSeatsIfDue(step: StepBuilder): void {
  const flushAt = nextFlushAt(step);
  if (step.pendingSeats.size > 0 && (flushAt === null || step.now >= flushAt)) {
    flushOwnSeats(step);
  }
}

function nextFlushAt(step: StepBuilder): number | null {
  return step.lastFlushAt === null
    ? null
    : step.lastFlushAt + step.config.timers.updateBatchIntervalMs;
}

/**
 * Sends the pending seat changes as consecutive updates of at most `UPDATE_SEAT_CHANGES_MAX`
 * changes each. Changes that match the current seat count are left out.
 */
function flushOwnSeats(step: StepBuilder): void {
  const { advertisement, flightIndex } = step.ownEntry;
  const changes: SeatChange[] = [];
  for (const [flightId, seatsAvailable] of step.pendingSeats) {
    const index = flightIndex.get(flightId);
    if (index !== undefined && advertisement.flights[index].seatsAvailable !== seatsAvailable) {
      changes.push({ flightId, seatsAvailable });
    }
  }
  step.mutablePendingSeats().clear();
  if (changes.length === 0) {
    return;
  }
  for (let start = 0; start < changes.length; start += UPDATE_SEAT_CHANGES_MAX) {
    originateUpdate(step, changes.slice(start, start + UPDATE_SEAT_CHANGES_MAX));
  }
  step.lastFlushAt = step.now;
}

/**
 * Originates an update with the new adjacency list and no seat changes when the set of up
 * neighbours no longer matches the own advertisement, so other nodes learn the change.
 */
export function syncOwnNeighbors(step: StepBuilder): void {
  const upAirlines = upNeighborAirlines(step);
  if (!sameNeighbors(upAirlines, step.ownEntry.advertisement.neighbors)) {
    originateUpdate(step, [], upAirlines);
  }
}

/**
 * Handles a received copy of this node's own advertisement. A copy with a higher sequence, or
 * with the same sequence and other content, is left over from before this node lost its
 * database. As OSPF does, the node then jumps its sequence above the copy and originates its
 * current advertisement again, so the new one replaces the copy everywhere. An identical copy
 * is an echo of a flood and is dropped.
 */
export function receiveOwnAdvertisementCopy(step: StepBuilder, copy: Advertisement): void {
  const own = step.ownEntry.advertisement;
  const stale =
    copy.sequence > own.sequence ||
    (copy.sequence === own.sequence && !sameAdvertisement(copy, own));
  if (stale) {
    reoriginateAbove(step, copy.sequence);
  }
}

/**
 * Handles a received update of this node's own origin with the same rule. At the current
 * sequence, an echo of the last own update changes nothing, so any difference marks a stale copy.
 */
export function receiveOwnUpdateCopy(step: StepBuilder, copy: AdvertisementUpdate): void {
  const own = step.ownEntry;
  const sequence = own.advertisement.sequence;
  const stale =
    copy.sequence > sequence || (copy.sequence === sequence && !updateMatchesEntry(copy, own));
  if (stale) {
    reoriginateAbove(step, copy.sequence);
  }
}

/** Originates the current own advertisement again with sequence `seenSequence + 1` or higher. */
export function reoriginateAbove(step: StepBuilder, seenSequence: number): void {
  const own = step.ownEntry.advertisement;
  originateAdvertisement(step, own.flights, Math.max(seenSequence, own.sequence));
}
