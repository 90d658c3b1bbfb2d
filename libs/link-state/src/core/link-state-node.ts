import {
  buildDatabaseMessage,
  createLinkState,
  getSummary,
  isReachable,
  listNeighbors,
  nodeUrlOf,
} from './link-state';
import type { LinkState, LinkStateConfig, NeighborView } from './link-state';
import { stepLinkState } from './link-state-machine';
import type { LinkStateInput } from './machine-contract';
import type { LinkStateStepResult } from './step-builder';
import type { Advertisement, DatabaseSummary } from './types';

/**
 * Holds the current state of one node for an adapter that prefers an object to passing
 * states around. Each method delegates to the pure functions of the same meaning.
 */
export class LinkStateNode {
  private current: LinkState;

  constructor(config: LinkStateConfig) {
    this.current = createLinkState(config);
  }

  get state(): LinkState {
    return this.current;
  }

  /** Applies one input with `stepLinkState`, keeps the new state and returns the effects. */
  step(input: LinkStateInput): LinkStateStepResult {
    const result = stepLinkState(this.current, input);
    this.current = result.state;
    return result;
  }

  /** Returns the advertisements of `origins`, or all of them, sorted by origin. */
  advertisements(origins?: readonly string[]): Advertisement[] {
    return buildDatabaseMessage(this.current, origins).advertisements;
  }

  summary(): DatabaseSummary {
    return getSummary(this.current);
  }

  isReachable(origin: string): boolean {
    return isReachable(this.current, origin);
  }

  neighbors(): NeighborView[] {
    return listNeighbors(this.current);
  }

  nodeUrlOf(origin: string): string | undefined {
    return nodeUrlOf(this.current, origin);
  }
}
