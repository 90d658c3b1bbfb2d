import { compareText } from './link-state';
import type { NeighborState } from './link-state';
import { reoriginateAbove } from './origination';
import type { StepBuilder } from './step-builder';
import { NEIGHBORS_MAX } from './types';
import type { HelloMessage } from './types';
import { validateHelloMessage } from './validation';

/**
 * Handles a hello (`replyFromUrl` null) or the reply to a hello this node sent to
 * `replyFromUrl`. The sender is marked up and heard now, and its airline code is recorded. A
 * sender that is not yet a neighbour is added as `learned` and persisted, up to
 * `NEIGHBORS_MAX` neighbours. Then its summary is compared with the database, and every
 * origin for which the summary lists a higher sequence is pulled from it. That one rule does
 * both the database exchange when a node joins and the periodic repair of anything a lost
 * flood missed. Hellos from this node's own airline code are ignored.
 */
export function receiveHello(
  step: StepBuilder,
  replyFromUrl: string | null,
  hello: HelloMessage,
): void {
  const result = validateHelloMessage(hello);
  if (!result.ok) {
    step.rejectedMessages += 1;
    return;
  }
  const { from, url, summary } = result.value;
  if (from === step.self) {
    return;
  }

  // A reply comes from the URL the hello went to, which may differ from the URL the node
  // reports for itself, e.g. a seed configured with another host name.
  // NOTE: such a node then gets two neighbour records, one per URL, and receives each flood
  // twice. Receivers drop the second copy, so only bandwidth is lost.
  const neighborUrl = replyFromUrl ?? url;
  const known = step.neighbors.get(neighborUrl);
  if (known || step.neighbors.size < NEIGHBORS_MAX) {
    const neighbor: NeighborState = {
      url: neighborUrl,
      airline: from,
      source: known?.source ?? 'learned',
      up: true,
      lastHeardAt: step.now,
      floodSuppressed: false,
    };
    step.neighbors.set(neighborUrl, neighbor);
    if (known?.airline !== from) {
      step.persistNeighbor(neighbor);
    }
  }

  compareSummary(step, neighborUrl, summary);
}

function compareSummary(step: StepBuilder, url: string, summary: Record<string, number>): void {
  checkOwnCopy(step, url, summary[step.self] ?? 0);
  for (const origin of Object.keys(summary).sort(compareText)) {
    const sequence = summary[origin];
    if (origin === step.self) {
      continue;
    }
    const storedSequence = step.database.get(origin)?.advertisement.sequence ?? 0;
    if (sequence > storedSequence) {
      step.requestPull(url, origin, sequence);
    }
  }
}

/**
 * Compares a neighbour's sequence of the own advertisement with the own sequence. A higher
 * one is a copy from before this node lost its database, so the node jumps above it.
 * After a start without a stored own advertisement, the first summary of each neighbour that
 * lists the current own sequence also counts as such a copy. The summary cannot tell it from
 * an echo of the current advertisement, and a stale copy left at that sequence would never be
 * replaced. The cost is at most one extra full advertisement per neighbour after such a start.
 */
function checkOwnCopy(step: StepBuilder, url: string, sequence: number): void {
  const ownSequence = step.ownEntry.advertisement.sequence;
  const firstSummary = step.verifyOwnCopies && !step.ownCopyCheckedUrls.has(url);
  if (firstSummary) {
    step.ownCopyCheckedUrls.add(url);
  }
  if (sequence > ownSequence || (firstSummary && sequence === ownSequence)) {
    reoriginateAbove(step, sequence);
  }
  // NOTE: a copy from an earlier life held two or more hops away at exactly the current own
  // sequence stays until the next full own advertisement, because summaries carry no checksum.
}

/**
 * Runs the timers of a tick. Every `helloIntervalMs` a hello goes to every neighbour, seed or
 * learned, up or down. A neighbour not heard for more than `deadIntervalMs` is marked down.
 * Pending pulls older than the dead interval are forgotten, so a lost pull is requested again.
 */
export function runLivenessTimers(step: StepBuilder): void {
  const { deadIntervalMs } = step.config.timers;
  for (const [origin, pending] of step.pendingPulls) {
    if (step.now - pending.requestedAt >= deadIntervalMs) {
      step.pendingPulls.delete(origin);
    }
  }

  if (step.now >= step.nextHelloAt) {
    sendHellos(step);
  }

  for (const neighbor of step.neighbors.values()) {
    const silentFor = neighbor.lastHeardAt === null ? 0 : step.now - neighbor.lastHeardAt;
    if (neighbor.up && silentFor > deadIntervalMs) {
      step.neighbors.set(neighbor.url, { ...neighbor, up: false });
    }
  }
}

/** Queues a hello to every neighbour and schedules the next round. */
export function sendHellos(step: StepBuilder): void {
  for (const neighbor of step.neighbors.values()) {
    if (neighbor.airline !== step.self) {
      step.sendHello(neighbor.url);
    }
  }
  step.nextHelloAt = step.now + step.config.timers.helloIntervalMs;
}

/**
 * Handles a failed send or pull to `url`. The neighbour stays up, because only the dead
 * interval marks it down, but floods skip it until its next hello arrives. Pulls pending
 * at that URL are forgotten so that the next hello can request them again.
 */
export function markDeliveryFailed(step: StepBuilder, url: string): void {
  const neighbor = step.neighbors.get(url);
  if (neighbor && !neighbor.floodSuppressed) {
    step.neighbors.set(url, { ...neighbor, floodSuppressed: true });
  }
  for (const [origin, pending] of step.pendingPulls) {
    if (pending.url === url) {
      step.pendingPulls.delete(origin);
    }
  }
}
