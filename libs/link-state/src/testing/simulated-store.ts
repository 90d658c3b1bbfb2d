import { applyUpdate } from '../core/advertisements';
import type { LinkStateSnapshot, NeighborRecord } from '../core/machine-contract';
import type { Advertisement, AdvertisementUpdate } from '../core/types';

/**
 * The durable storage of one simulated node. It survives a crash and gives the snapshot for
 * the next `start`. It performs persist effects like the real adapter.
 */
export class SimulatedStore {
  private readonly advertisements = new Map<string, Advertisement>();
  private readonly neighbors = new Map<string, NeighborRecord>();

  putAdvertisement(advertisement: Advertisement): void {
    this.advertisements.set(advertisement.origin, advertisement);
  }

  /**
   * Applies an update to the stored advertisement of its origin. Returns an error message
   * instead when no advertisement at `previousSequence` is stored, which means the machine
   * asked to persist an update that does not follow what it persisted before.
   */
  applyUpdate(update: AdvertisementUpdate): string | null {
    const stored = this.advertisements.get(update.origin);
    if (!stored || stored.sequence !== update.previousSequence) {
      return `persistUpdate ${update.origin}#${update.sequence} does not follow the stored sequence ${stored?.sequence ?? 'none'}`;
    }
    this.advertisements.set(update.origin, applyUpdate(stored, update));
    return null;
  }

  putNeighbor(neighbor: NeighborRecord): void {
    this.neighbors.set(neighbor.url, neighbor);
  }

  sequenceOf(origin: string): number | undefined {
    return this.advertisements.get(origin)?.sequence;
  }

  get originCount(): number {
    return this.advertisements.size;
  }

  snapshot(): LinkStateSnapshot {
    return {
      advertisements: [...this.advertisements.values()],
      neighbors: [...this.neighbors.values()],
    };
  }

  /** Loses every record, as after a disk failure. */
  clear(): void {
    this.advertisements.clear();
    this.neighbors.clear();
  }
}
