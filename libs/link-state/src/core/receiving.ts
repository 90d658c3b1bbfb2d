import type { DatabaseEntry } from './advertisements';
import { receiveOwnAdvertisementCopy, receiveOwnUpdateCopy } from './origination';
import type { StepBuilder } from './step-builder';
import type { Advertisement, AdvertisementUpdate, DatabaseMessage, FloodMessage } from './types';
import { validateDatabaseMessage, validateFloodMessage } from './validation';

/**
 * Handles a flood from `fromUrl`. An invalid message is dropped as a whole and counted in
 * `rejectedMessages`. Advertisements are handled before updates, and updates in ascending
 * sequence, so a message that reordered them still applies without a pull.
 */
export function receiveFlood(step: StepBuilder, fromUrl: string, flood: FloodMessage): void {
  const result = validateFloodMessage(flood);
  if (!result.ok) {
    step.rejectedMessages += 1;
    return;
  }
  const { from, advertisements, updates } = result.value;
  for (const advertisement of advertisements) {
    receiveAdvertisement(step, advertisement, fromUrl, from);
  }
  const ordered = [...updates].sort((left, right) => left.sequence - right.sequence);
  for (const update of ordered) {
    receiveUpdate(step, update, fromUrl, from);
  }
}

/**
 * Handles the response to a pull from `fromUrl` like a flood of full advertisements. For each
 * origin in the response, a pull still pending at `fromUrl` is dropped even if the copy is
 * older than requested, because that node sent what it has. The next hello can then request
 * the origin from another neighbour.
 */
export function receiveDatabase(
  step: StepBuilder,
  fromUrl: string,
  database: DatabaseMessage,
): void {
  const result = validateDatabaseMessage(database);
  if (!result.ok) {
    step.rejectedMessages += 1;
    return;
  }
  const senderAirline = step.neighbors.get(fromUrl)?.airline ?? null;
  for (const advertisement of result.value.advertisements) {
    receiveAdvertisement(step, advertisement, fromUrl, senderAirline);
    if (step.pendingPulls.get(advertisement.origin)?.url === fromUrl) {
      step.pendingPulls.delete(advertisement.origin);
    }
  }
}

/**
 * Stores a full advertisement whose sequence is higher than the stored one, persists it and
 * floods it to every up neighbour except the sender. Drops an equal or lower sequence.
 */
function receiveAdvertisement(
  step: StepBuilder,
  advertisement: Advertisement,
  senderUrl: string,
  senderAirline: string | null,
): void {
  if (advertisement.origin === step.self) {
    receiveOwnAdvertisementCopy(step, advertisement);
    return;
  }
  const stored = step.database.get(advertisement.origin);
  if (stored && advertisement.sequence <= stored.advertisement.sequence) {
    return;
  }
  step.storeAdvertisement(advertisement, senderUrl, senderAirline);
}

/**
 * Applies an update whose previous sequence is the stored sequence, persists it and floods it
 * to every up neighbour except the sender. Drops an update at or below the stored sequence.
 * For an update beyond it (a gap) or of an unknown origin, pulls the full advertisement from
 * the sender, which is how a node that fell behind resynchronizes.
 */
function receiveUpdate(
  step: StepBuilder,
  update: AdvertisementUpdate,
  senderUrl: string,
  senderAirline: string,
): void {
  if (update.origin === step.self) {
    receiveOwnUpdateCopy(step, update);
    return;
  }
  const stored = step.database.get(update.origin);
  const storedSequence = stored?.advertisement.sequence ?? 0;
  if (stored && update.sequence <= storedSequence) {
    return;
  }
  if (stored && update.previousSequence === storedSequence) {
    // The validators cannot see capacities, so an update setting more seats than a flight has is
    // caught here. Storing it would break the inventory check and stop the node.
    if (!seatsFitCapacity(stored, update)) {
      step.rejectedMessages += 1;
      return;
    }
    step.storeUpdate(stored, update, senderUrl, senderAirline);
    return;
  }
  step.requestPull(senderUrl, update.origin, update.sequence);
}

/** Returns true when every seat count of `update` is within its flight's capacity. */
function seatsFitCapacity(entry: DatabaseEntry, update: AdvertisementUpdate): boolean {
  return update.seats.every((change) => {
    const index = entry.flightIndex.get(change.flightId);
    return (
      index === undefined || change.seatsAvailable <= entry.advertisement.flights[index].capacity
    );
  });
}
