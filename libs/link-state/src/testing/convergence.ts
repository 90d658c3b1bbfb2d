import { sameAdvertisement } from '../core/advertisements';
import { getAdvertisement, reachableOrigins } from '../core/link-state';
import type { LinkState } from '../core/link-state';
import type { AdvertisedFlight } from '../core/types';

/** A simulated node as the convergence check reads it. */
export interface NodeUnderCheck {
  code: string;
  /** Null while the node is not running. */
  state: LinkState | null;
  /** The airline's own flights with the seat counts its inventory records. */
  flights: readonly AdvertisedFlight[];
}

type RunningNode = NodeUnderCheck & { state: LinkState };

/**
 * Lists every way the running nodes disagree. A running node may lack an origin that another
 * one has, or have a copy that differs from the origin's own advertisement. For a stopped
 * origin, the copies are compared with each other. An own advertisement must match the
 * inventory, and each node must reach exactly the running nodes.
 */
export function findDisagreements(nodes: readonly NodeUnderCheck[]): string[] {
  const running = nodes.filter((node): node is RunningNode => node.state !== null);
  return [
    ...compareCopies(running),
    ...compareWithInventories(running),
    ...compareReachability(running),
  ];
}

function compareCopies(running: readonly RunningNode[]): string[] {
  const problems: string[] = [];
  const origins = new Set(running.flatMap((node) => [...node.state.database.keys()]));
  for (const origin of [...origins].sort()) {
    const copies = running.map((node) => getAdvertisement(node.state, origin));
    const originNode = running.find((node) => node.code === origin);
    const reference = originNode
      ? getAdvertisement(originNode.state, origin)
      : copies.find((copy) => copy !== undefined);
    running.forEach((node, index) => {
      const copy = copies[index];
      if (!copy || !reference) {
        problems.push(`${node.code} has no advertisement of ${origin}`);
      } else if (!sameAdvertisement(copy, reference)) {
        const detail = copy.sequence === reference.sequence ? ' with other content' : '';
        problems.push(
          `${node.code} has ${origin}#${copy.sequence}${detail}, expected ${origin}#${reference.sequence}`,
        );
      }
    });
  }
  return problems;
}

function compareWithInventories(running: readonly RunningNode[]): string[] {
  const problems: string[] = [];
  for (const node of running) {
    const ownFlights = getAdvertisement(node.state, node.code)?.flights ?? [];
    if (ownFlights.length !== node.flights.length) {
      problems.push(
        `${node.code} advertises ${ownFlights.length} flights, its inventory has ${node.flights.length}`,
      );
    }
    const seats = new Map(ownFlights.map((flight) => [flight.id, flight.seatsAvailable]));
    for (const flight of node.flights) {
      if (seats.get(flight.id) !== flight.seatsAvailable) {
        problems.push(
          `${node.code} advertises ${seats.get(flight.id)} seats on ${flight.id}, its inventory has ${flight.seatsAvailable}`,
        );
      }
    }
  }
  return problems;
}

function compareReachability(running: readonly RunningNode[]): string[] {
  const expected = running.map((node) => node.code).sort();
  const problems: string[] = [];
  for (const node of running) {
    const reachable = reachableOrigins(node.state);
    if (reachable.join() !== expected.join()) {
      problems.push(
        `${node.code} reaches [${reachable.join(' ')}], expected [${expected.join(' ')}]`,
      );
    }
  }
  return problems;
}
