import { indexAdvertisement } from './advertisements';
import { computeWakeAt, createLinkState } from './link-state';
import type { LinkState } from './link-state';
import { markDeliveryFailed, receiveHello, runLivenessTimers, sendHellos } from './liveness';
import type { LinkStateInput } from './machine-contract';
import {
  changeOwnSeats,
  checkOwnFlights,
  flushOwnSeatsIfDue,
  originateAdvertisement,
  replaceOwnFlights,
  syncOwnNeighbors,
} from './origination';
import { receiveDatabase, receiveFlood } from './receiving';
import { StepBuilder } from './step-builder';
import type { LinkStateStepResult } from './step-builder';
import { NEIGHBORS_MAX } from './types';

type StartInput = Extract<LinkStateInput, { kind: 'start' }>;

/**
 * Applies one input to the state and returns the new state with the effects the adapter must
 * perform, in order. Pure and deterministic: the input state is left unchanged, and time comes
 * only from `input.now`. Inputs before `start` are ignored. Throws a RangeError when own
 * flights or own seat counts are invalid, because peers would reject them, and then the state
 * is unchanged.
 */
export function stepLinkState(state: LinkState, input: LinkStateInput): LinkStateStepResult {
  if (input.kind === 'start') {
    return start(state, input);
  }
  if (!state.started) {
    return { state, effects: [] };
  }

  const step = new StepBuilder(state, input.now);
  switch (input.kind) {
    case 'ownFlightsReplaced':
      replaceOwnFlights(step, input.flights);
      break;
    case 'ownSeatsChanged':
      changeOwnSeats(step, input.changes);
      break;
    case 'tick':
      runLivenessTimers(step);
      flushOwnSeatsIfDue(step);
      break;
    case 'helloReceived':
      receiveHello(step, null, input.hello);
      break;
    case 'helloReplyReceived':
      receiveHello(step, input.fromUrl, input.hello);
      break;
    case 'floodReceived':
      receiveFlood(step, input.fromUrl, input.flood);
      break;
    case 'databaseReceived':
      receiveDatabase(step, input.fromUrl, input.database);
      break;
    case 'deliveryFailed':
      markDeliveryFailed(step, input.url);
      break;
  }

  // Any input may change the set of up neighbours, and other nodes learn it from an update.
  syncOwnNeighbors(step);
  if (input.kind === 'tick') {
    step.wakeAt = computeWakeAt(step);
  }
  return step.finish({ helloReply: input.kind === 'helloReceived' });
}

/**
 * Starts (or restarts) the node from its stored snapshot. The own sequence continues from
 * the highest stored own sequence, 0 if none, and the own advertisement is originated at the
 * next one with no neighbours up yet. Hellos go to every seed and stored neighbour at once.
 * Without a stored own advertisement, the first summary of each neighbour is checked for
 * copies from an earlier life (see `checkOwnCopy`).
 */
function start(state: LinkState, input: StartInput): LinkStateStepResult {
  const { self, selfUrl, seedUrls } = state.config;
  const flights = checkOwnFlights(self, input.ownFlights);
  const step = new StepBuilder(createLinkState(state.config), input.now);

  // Storage contains one copy per origin unless the adapter has a bug, so keep the newest.
  for (const advertisement of input.snapshot.advertisements) {
    const stored = step.database.get(advertisement.origin);
    if (!stored || advertisement.sequence > stored.advertisement.sequence) {
      step.database.set(advertisement.origin, indexAdvertisement(advertisement));
    }
  }

  const neighborRecords = [
    ...seedUrls.map((url) => ({ url, airline: null, source: 'seed' as const })),
    ...input.snapshot.neighbors,
  ];
  for (const record of neighborRecords) {
    const known = step.neighbors.get(record.url);
    if (record.url === selfUrl || (!known && step.neighbors.size >= NEIGHBORS_MAX)) {
      continue;
    }
    // A URL in the configured seeds stays a seed, whatever source the stored record gives.
    step.neighbors.set(record.url, {
      url: record.url,
      airline: record.airline ?? known?.airline ?? null,
      source: known?.source ?? record.source,
      up: false,
      lastHeardAt: null,
      floodSuppressed: false,
    });
  }

  // Without a stored own advertisement, this may be a node that lost its database.
  step.verifyOwnCopies = !step.database.has(self);
  const storedSequence = step.database.get(self)?.advertisement.sequence ?? 0;
  originateAdvertisement(step, flights, storedSequence);
  sendHellos(step);
  step.wakeAt = computeWakeAt(step);
  return step.finish();
}
