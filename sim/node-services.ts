import type { TwoPhaseCommitLimits } from '@interline/two-phase-commit/core';

import type { SeededRandom } from './seeded-random';
import type { SimulatedDisk } from './simulated-disk';
import type { DeliveryFailure } from './simulated-network';
import type { SimulatedVectorClock } from './simulated-vector-clock';

/**
 * A deliberate bug the checker tests inject, alone or with others, to show that the invariant
 * checks catch it:
 * - `participant-ignores-abort`: a participant acknowledges aborts without releasing its holds;
 * - `durable-write-lost`: a crash loses writes that were reported durable;
 * - `same-key-not-serialized`: requests with one key on one node run at once, as the booking
 *   service did before it serialized them, so two of them can start a sale under one locator;
 * - `refusal-before-key`: a leg the node's map cannot sell is refused before the key is claimed,
 *   as the booking service did before, so a request with a key sold on another node can get
 *   that refusal.
 */
export const PLANTED_BUGS = [
  'participant-ignores-abort',
  'durable-write-lost',
  'same-key-not-serialized',
  'refusal-before-key',
] as const;
export type PlantedBug = (typeof PLANTED_BUGS)[number];

/** The services the protocol roles of one node share: its storage, clock, timers and network. */
export interface NodeServices {
  readonly code: string;
  readonly disk: SimulatedDisk;
  readonly clock: SimulatedVectorClock;
  readonly limits: TwoPhaseCommitLimits;
  readonly random: SeededRandom;
  /** Returns whether the run planted `bug`. */
  planted(bug: PlantedBug): boolean;
  now(): number;
  /** Runs `action` at `at` on this node, unless it crashes first; a pause delays it. */
  at(at: number, action: () => void): void;
  /** Sends a request to another node and calls back with the response body or the failure. */
  send(
    to: string,
    kind: string,
    subject: string,
    body: unknown,
    timeoutMs: number,
    onResponse: (body: unknown) => void,
    onFailure: (failure: DeliveryFailure) => void,
  ): void;
  /** Adds a line to the run's trace. */
  note(kind: string, subject: string, detail: string): void;
  /** Reports a broken invariant or protocol violation seen while running. */
  violation(text: string): void;
}
