import type { DatabaseEntry } from './advertisements';

/**
 * Computes the origins reachable from `self`, self included, with the two-way check of OSPF:
 * an adjacency between A and B counts only when A lists B and B lists A in their
 * advertisements. The adjacency list of `self` is `selfNeighbors` (its up neighbours), because
 * its own advertisement may lag behind by one update.
 */
export function computeReachable(
  self: string,
  selfNeighbors: readonly string[],
  database: ReadonlyMap<string, DatabaseEntry>,
): Set<string> {
  const adjacencyOf = (origin: string): readonly string[] | undefined =>
    origin === self ? selfNeighbors : database.get(origin)?.advertisement.neighbors;

  const reachable = new Set<string>([self]);
  const queue: string[] = [self];
  while (queue.length > 0) {
    const origin = queue.shift() as string;
    for (const neighbor of adjacencyOf(origin) ?? []) {
      if (reachable.has(neighbor)) {
        continue;
      }
      // The neighbour must list `origin` back. An origin without an advertisement lists none.
      if (adjacencyOf(neighbor)?.includes(origin)) {
        reachable.add(neighbor);
        queue.push(neighbor);
      }
    }
  }
  return reachable;
}
