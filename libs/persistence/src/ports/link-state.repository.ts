import type { Advertisement, AdvertisementUpdate } from '@interline/link-state/core/types';
import type {
  LinkStateSnapshot,
  NeighborRecord,
} from '@interline/link-state/core/machine-contract';

/**
 * Storage of the link-state database: the latest advertisement of every airline (with updates
 * applied) and the neighbours this node exchanges hellos with. Every write is durable, because a
 * node forwards what it stored and must not forget it after a crash.
 */
export interface LinkStateRepository {
  loadSnapshot(): Promise<LinkStateSnapshot>;
  /** Replaces the stored advertisement of `advertisement.origin`, flights included. */
  saveAdvertisement(advertisement: Advertisement, receivedAt: number): Promise<void>;
  /**
   * Applies an update on top of the stored advertisement of its origin. Throws
   * `LinkStateSequenceError` and changes nothing when the stored sequence is not
   * `update.previousSequence`.
   */
  applyUpdate(update: AdvertisementUpdate, receivedAt: number): Promise<void>;
  saveNeighbor(neighbor: NeighborRecord, addedAt: number): Promise<void>;
}
