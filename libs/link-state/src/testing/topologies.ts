import type { SeededRandom } from './seeded-random';

export type Topology = 'full-mesh' | 'line' | 'ring' | 'star' | 'random';

export const TOPOLOGIES: readonly Topology[] = ['full-mesh', 'line', 'ring', 'star', 'random'];

/**
 * Returns the links of a topology over nodes `0 .. nodeCount - 1` as index pairs. `star`
 * links every node to node 0. `random` is a random spanning tree, so the graph is connected,
 * plus each other pair with probability `extraLinkChance`.
 */
export function topologyLinks(
  topology: Topology,
  nodeCount: number,
  random: SeededRandom,
  extraLinkChance = 0.2,
): [number, number][] {
  const links: [number, number][] = [];
  switch (topology) {
    case 'full-mesh':
      for (let left = 0; left < nodeCount; left += 1) {
        for (let right = left + 1; right < nodeCount; right += 1) {
          links.push([left, right]);
        }
      }
      break;
    case 'line':
    case 'ring':
      for (let index = 1; index < nodeCount; index += 1) {
        links.push([index - 1, index]);
      }
      if (topology === 'ring' && nodeCount > 2) {
        links.push([nodeCount - 1, 0]);
      }
      break;
    case 'star':
      for (let index = 1; index < nodeCount; index += 1) {
        links.push([0, index]);
      }
      break;
    case 'random': {
      const order = random.shuffle(Array.from({ length: nodeCount }, (_, index) => index));
      const linked = new Set<string>();
      for (let position = 1; position < nodeCount; position += 1) {
        const parent = order[random.integer(0, position - 1)];
        links.push([parent, order[position]]);
        linked.add(pairKey(parent, order[position]));
      }
      for (let left = 0; left < nodeCount; left += 1) {
        for (let right = left + 1; right < nodeCount; right += 1) {
          if (!linked.has(pairKey(left, right)) && random.chance(extraLinkChance)) {
            links.push([left, right]);
          }
        }
      }
      break;
    }
  }
  return links;
}

/**
 * Turns links into seed lists. Each link becomes a seed on one side, the other or both, at
 * random, because a node also learns a neighbour from its first hello.
 */
export function seedIndexesFromLinks(
  links: readonly [number, number][],
  nodeCount: number,
  random: SeededRandom,
): number[][] {
  const seeds: number[][] = Array.from({ length: nodeCount }, () => []);
  for (const [left, right] of links) {
    const choice = random.integer(0, 2);
    if (choice !== 1) {
      seeds[left].push(right);
    }
    if (choice !== 0) {
      seeds[right].push(left);
    }
  }
  return seeds;
}

function pairKey(left: number, right: number): string {
  return left < right ? `${left}-${right}` : `${right}-${left}`;
}
