import type { LinkStateEffect, LinkStateInput } from '../core/machine-contract';
import type { Advertisement, AdvertisementUpdate, DatabaseSummary } from '../core/types';

/** Returns the airline code of a test node URL such as `http://jg.interline.test`. */
export function codeOfUrl(url: string): string {
  const match = /^https?:\/\/([a-z0-9]+)\./.exec(url);
  return match ? match[1].toUpperCase() : url;
}

/** Describes an input in one short line for the simulation trace. */
export function describeInput(input: LinkStateInput): string {
  switch (input.kind) {
    case 'start':
      return `start with ${input.snapshot.advertisements.length} stored advertisements`;
    case 'ownFlightsReplaced':
      return `own flights replaced (${input.flights.length} flights)`;
    case 'ownSeatsChanged':
      return `own seats changed (${input.changes.map((change) => `${change.flightId}=${change.seatsAvailable}`).join(' ')})`;
    case 'tick':
      return 'tick';
    case 'helloReceived':
      return `hello from ${input.hello.from} ${describeSummary(input.hello.summary)}`;
    case 'helloReplyReceived':
      return `hello reply from ${input.hello.from} ${describeSummary(input.hello.summary)}`;
    case 'floodReceived':
      return `flood from ${input.flood.from} ${describeContent(input.flood.advertisements, input.flood.updates)}`;
    case 'databaseReceived':
      return `database from ${codeOfUrl(input.fromUrl)} ${describeContent(input.database.advertisements, [])}`;
    case 'deliveryFailed':
      return `delivery to ${codeOfUrl(input.url)} failed`;
  }
}

/** Describes the effects of one step, comma-separated. */
export function describeEffects(effects: readonly LinkStateEffect[]): string {
  if (effects.length === 0) {
    return 'nothing';
  }
  return effects.map(describeEffect).join(', ');
}

function describeEffect(effect: LinkStateEffect): string {
  switch (effect.kind) {
    case 'persistAdvertisement':
      return `persist ${effect.advertisement.origin}#${effect.advertisement.sequence}`;
    case 'persistUpdate':
      return `persist update ${describeUpdate(effect.update)}`;
    case 'persistNeighbor':
      return `persist neighbour ${codeOfUrl(effect.neighbor.url)}`;
    case 'sendHello':
      return `hello to ${codeOfUrl(effect.url)}`;
    case 'sendFlood':
      return `flood to ${codeOfUrl(effect.url)} ${describeContent(effect.flood.advertisements, effect.flood.updates)}`;
    case 'pull':
      return `pull [${effect.origins.join(' ')}] from ${codeOfUrl(effect.url)}`;
    case 'reachabilityChanged':
      return `reachable [${effect.reachable.join(' ')}] unreachable [${effect.unreachable.join(' ')}]`;
    case 'wakeAt':
      return `wake at ${effect.at}`;
  }
}

function describeSummary(summary: DatabaseSummary): string {
  const entries = Object.entries(summary).map(([origin, sequence]) => `${origin}#${sequence}`);
  return `{${entries.join(' ')}}`;
}

function describeContent(
  advertisements: readonly Advertisement[],
  updates: readonly AdvertisementUpdate[],
): string {
  const parts = [
    ...advertisements.map((advertisement) => `${advertisement.origin}#${advertisement.sequence}`),
    ...updates.map(describeUpdate),
  ];
  return `[${parts.join(' ')}]`;
}

function describeUpdate(update: AdvertisementUpdate): string {
  const neighbors = update.neighbors ? ` neighbours=${update.neighbors.join('+') || 'none'}` : '';
  return `${update.origin}#${update.previousSequence}->${update.sequence} seats=${update.seats.length}${neighbors}`;
}
