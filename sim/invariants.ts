import { getAdvertisement, reachableOrigins, sameAdvertisement } from '@interline/link-state/core';
import type { ParticipantTransaction, PriorityStamp } from '@interline/two-phase-commit/core';
import { VectorClock, compareStamps } from '@interline/vector-clock/core';

import type { BookingRow } from './booking-role';
import type { ClientRecord } from './clients';
import type { StoredCoordinatorRecord } from './coordinator-role';
import type { CouponRow, FlightRow, StoredParticipantRecord } from './participant-role';
import type { SimulatedNode } from './simulated-node';

/** A priority stamp taken when a sale started, with the clock it came from. */
export interface StampTaken {
  airline: string;
  stamp: PriorityStamp;
  clock: Record<string, number>;
}

/** A sold-out vote: the flights named had too few seats even counting every hold. */
export interface SoldOutVote {
  airline: string;
  flightIds: string[];
  seats: number;
  at: number;
}

/**
 * Failures that tell the passenger the purchase did not happen. `PURCHASE_OUTCOME_UNKNOWN` says
 * it may have, and `ACCOUNT_DIRECTORY_UNREACHABLE` only that the key could not be checked.
 */
const DEFINITE_FAILURES = new Set([
  'SOLD_OUT',
  'FLIGHT_NOT_FOUND',
  'FLIGHT_NOT_SELLABLE',
  'AIRLINE_UNREACHABLE',
  'PURCHASE_TIMED_OUT',
  'IDEMPOTENCY_KEY_REUSED',
]);

/** Everything the final checks read, gathered from every node's storage. */
interface FinalState {
  nodes: readonly SimulatedNode[];
  flights: Array<FlightRow & { node: string }>;
  coupons: Array<CouponRow & { node: string }>;
  bookings: Array<BookingRow & { seller: string }>;
  participants: Array<{ node: string; record: ParticipantTransaction }>;
  coordinators: Map<string, StoredCoordinatorRecord['record']>;
}

/**
 * Checks a settled run: every invariant of the seat inventory, the transactions, the bookings
 * and the clients' answers, on what each node's storage holds, and the convergence of the
 * link-state maps. Returns one sentence per broken invariant.
 */
export function checkFinalState(
  nodes: readonly SimulatedNode[],
  clients: readonly ClientRecord[],
  stamps: readonly StampTaken[],
  soldOutVotes: readonly SoldOutVote[],
): string[] {
  const state = gather(nodes);
  return [
    ...checkNodesUp(nodes),
    ...checkInventory(state),
    ...checkTransactions(state),
    ...checkBookings(state),
    ...checkKeys(state),
    ...checkClients(state, clients),
    ...checkStamps(stamps),
    ...checkSoldOutVotes(state, soldOutVotes),
    ...checkLinkState(nodes),
  ];
}

/**
 * Lists what still keeps the run from being settled: a node down, a hold or decision in doubt, a
 * booking in progress, a waiting prepare, or link-state maps that differ. Empty once settled.
 */
export function unsettledWork(nodes: readonly SimulatedNode[]): string[] {
  const work: string[] = [];
  for (const node of nodes) {
    if (!node.serving) {
      work.push(`${node.code} is not serving`);
      continue;
    }
    const prepared = node.disk
      .readAll<StoredParticipantRecord>('participant')
      .filter((row) => row.record.phase === 'PREPARED');
    if (prepared.length > 0) {
      work.push(`${node.code} holds ${prepared.map((row) => row.record.txId).join(', ')} in doubt`);
    }
    const unfinished = node.disk
      .readAll<StoredCoordinatorRecord>('coordinator')
      .filter((row) => row.record.completedAt === null);
    if (unfinished.length > 0) {
      work.push(
        `${node.code} coordinates unfinished ${unfinished.map((row) => row.record.txId).join(', ')}`,
      );
    }
    const busy = node.disk
      .readAll<BookingRow>('bookings')
      .filter((booking) => booking.status === 'PENDING' || booking.status === 'CANCELLING');
    if (busy.length > 0) {
      work.push(
        `${node.code} has bookings ${busy.map((booking) => `${booking.locator} ${booking.status}`).join(', ')}`,
      );
    }
    if ((node.roles?.participant.waitingCount ?? 0) > 0) {
      work.push(`${node.code} has prepares waiting for seats`);
    }
    const running = node.roles?.booking.runningLocators() ?? [];
    if (running.length > 0) {
      work.push(`${node.code} still runs the purchase or cancellation of ${running.join(', ')}`);
    }
  }
  return work.length > 0 ? work : checkLinkState(nodes);
}

/**
 * Sales still tracked as running although their booking is settled. Two sales under one locator
 * leave one behind: the second replays the first booking and waits for the sale tracked under
 * its locator, which is itself.
 */
export function stuckSales(
  nodes: readonly SimulatedNode[],
): Array<{ node: string; locator: string }> {
  const stuck: Array<{ node: string; locator: string }> = [];
  for (const node of nodes) {
    for (const locator of node.roles?.booking.runningLocators() ?? []) {
      const status = node.disk.read<BookingRow>('bookings', locator)?.status;
      if (status === 'FAILED' || status === 'CONFIRMED' || status === 'CANCELLED') {
        stuck.push({ node: node.code, locator });
      }
    }
  }
  return stuck;
}

function gather(nodes: readonly SimulatedNode[]): FinalState {
  const state: FinalState = {
    nodes,
    flights: [],
    coupons: [],
    bookings: [],
    participants: [],
    coordinators: new Map(),
  };
  for (const node of nodes) {
    state.flights.push(
      ...node.disk.readAll<FlightRow>('flights').map((row) => ({ ...row, node: node.code })),
    );
    state.coupons.push(
      ...node.disk.readAll<CouponRow>('coupons').map((row) => ({ ...row, node: node.code })),
    );
    state.bookings.push(
      ...node.disk.readAll<BookingRow>('bookings').map((row) => ({ ...row, seller: node.code })),
    );
    for (const row of node.disk.readAll<StoredParticipantRecord>('participant')) {
      state.participants.push({ node: node.code, record: row.record });
    }
    for (const row of node.disk.readAll<StoredCoordinatorRecord>('coordinator')) {
      state.coordinators.set(row.record.txId, row.record);
    }
  }
  return state;
}

function checkNodesUp(nodes: readonly SimulatedNode[]): string[] {
  return nodes
    .filter((node) => !node.serving)
    .map((node) => `${node.code} is not serving after the run`);
}

/** Checks per flight: capacity = sold + held + available, no count below zero, no hold left, one open coupon per sold seat. */
function checkInventory(state: FinalState): string[] {
  const problems: string[] = [];
  for (const flight of state.flights) {
    const where = `${flight.node} ${flight.flightId}`;
    if (flight.sold + flight.held + flight.available !== flight.capacity) {
      problems.push(
        `${where}: sold ${flight.sold} + held ${flight.held} + available ${flight.available} != capacity ${flight.capacity}`,
      );
    }
    if (flight.sold < 0 || flight.held < 0 || flight.available < 0) {
      problems.push(
        `${where}: a seat count is below zero (${flight.sold}/${flight.held}/${flight.available})`,
      );
    }
    if (flight.held !== 0) {
      problems.push(`${where}: ${flight.held} seats still held after settling`);
    }
    const open = state.coupons.filter(
      (coupon) => coupon.flightId === flight.flightId && coupon.status === 'OPEN',
    );
    if (open.length !== flight.sold) {
      problems.push(`${where}: ${flight.sold} seats sold but ${open.length} open coupons`);
    }
  }
  const tickets = new Set<string>();
  for (const coupon of state.coupons) {
    const key = `${coupon.node}/${coupon.ticketNumber}`;
    if (tickets.has(key)) {
      problems.push(`${coupon.node}: ticket ${coupon.ticketNumber} issued twice`);
    }
    tickets.add(key);
  }
  return problems;
}

/** Checks that decisions agree: participants applied what the coordinator decided, and nothing is in doubt. */
function checkTransactions(state: FinalState): string[] {
  const problems: string[] = [];
  for (const { node, record } of state.participants) {
    if (record.phase === 'PREPARED') {
      problems.push(`${node}: ${record.txId} is still prepared (a hold in doubt) after settling`);
      continue;
    }
    const decided = state.coordinators.get(record.txId);
    if (record.phase === 'COMMITTED' && decided?.phase !== 'COMMITTED') {
      problems.push(
        `${node}: ${record.txId} committed, but its coordinator decided ${decided?.phase ?? 'nothing'}`,
      );
    }
    if (record.phase === 'ABORTED' && decided?.phase === 'COMMITTED') {
      problems.push(`${node}: ${record.txId} aborted, but its coordinator decided commit`);
    }
  }
  for (const [txId, record] of state.coordinators) {
    if (record.phase === 'PREPARING' || record.completedAt === null) {
      problems.push(`${txId}: the coordinator has not finished (${record.phase}) after settling`);
    }
    if (record.phase !== 'COMMITTED') {
      continue;
    }
    for (const airline of record.participants) {
      const applied = state.participants.find(
        (entry) => entry.node === airline && entry.record.txId === txId,
      );
      if (applied?.record.phase !== 'COMMITTED') {
        problems.push(
          `${txId}: committed, but ${airline} ended ${applied?.record.phase ?? 'with no record'}`,
        );
      }
    }
  }
  return problems;
}

/** Checks all or nothing: a confirmed booking has open coupons on every leg, a failed one none anywhere. */
function checkBookings(state: FinalState): string[] {
  const problems: string[] = [];
  const bookedLocators = new Set(state.bookings.map((booking) => booking.locator));
  for (const booking of state.bookings) {
    const where = `booking ${booking.seller}/${booking.locator} (${booking.idempotencyKey})`;
    const coupons = state.coupons.filter((coupon) => coupon.locator === booking.locator);
    switch (booking.status) {
      case 'PENDING':
      case 'CANCELLING':
        problems.push(`${where} is still ${booking.status} after settling`);
        break;
      case 'FAILED':
        if (coupons.length > 0) {
          problems.push(`${where} failed, but ${coupons.length} coupons were issued for it`);
        }
        break;
      case 'CONFIRMED':
      case 'CANCELLED': {
        const wanted = booking.status === 'CONFIRMED' ? 'OPEN' : 'VOID';
        for (const segment of booking.segments) {
          const leg = coupons.filter(
            (coupon) => coupon.flightId === segment.flightId && coupon.node === segment.airline,
          );
          const matching = leg.filter((coupon) => coupon.status === wanted);
          if (matching.length !== booking.passengers.length || leg.length !== matching.length) {
            problems.push(
              `${where} is ${booking.status}, but ${segment.flightId} has ${matching.length} ${wanted} of ${leg.length} coupons for ${booking.passengers.length} passengers`,
            );
          }
        }
        break;
      }
    }
  }
  for (const coupon of state.coupons) {
    if (!bookedLocators.has(coupon.locator)) {
      problems.push(
        `${coupon.node}: coupon ${coupon.ticketNumber} of ${coupon.locator} has no booking on any node`,
      );
    }
  }
  return problems;
}

/** Checks that each idempotency key has at most one booking across every node. */
function checkKeys(state: FinalState): string[] {
  const byKey = new Map<string, string[]>();
  for (const booking of state.bookings) {
    if (booking.status === 'FAILED') {
      continue;
    }
    const key = `${booking.accountId}/${booking.idempotencyKey}`;
    byKey.set(key, [...(byKey.get(key) ?? []), `${booking.seller}/${booking.locator}`]);
  }
  return [...byKey]
    .filter(([, bookings]) => bookings.length > 1)
    .map(([key, bookings]) => `key ${key} has ${bookings.length} bookings: ${bookings.join(', ')}`);
}

/** Checks that every client's last answer agrees with the final state. */
function checkClients(state: FinalState, clients: readonly ClientRecord[]): string[] {
  const problems: string[] = [];
  for (const client of clients) {
    const { intent } = client;
    const sold = state.bookings.filter(
      (booking) =>
        booking.accountId === intent.accountId &&
        booking.idempotencyKey === intent.idempotencyKey &&
        booking.status !== 'FAILED',
    );
    // Only the last answer counts, and none when the client's last request got no answer.
    const last = client.purchaseAnswers.at(-1);
    if (last === undefined || (!last.answer.ok && last.answer.code === 'NO_ANSWER')) {
      continue;
    }
    const answer = last.answer;
    if (answer.ok) {
      const booking = sold.find(
        (entry) => entry.seller === answer.seller && entry.locator === answer.locator,
      );
      if (!booking) {
        problems.push(
          `client ${intent.idempotencyKey} was told confirmed ${answer.seller}/${answer.locator}, which is not sold`,
        );
      }
      for (const earlier of client.purchaseAnswers) {
        if (
          earlier.answer.ok &&
          (earlier.answer.locator !== answer.locator || earlier.answer.seller !== answer.seller)
        ) {
          problems.push(
            `client ${intent.idempotencyKey} was told two different bookings for one key`,
          );
        }
      }
    } else if (DEFINITE_FAILURES.has(answer.code) && sold.length > 0) {
      problems.push(
        `client ${intent.idempotencyKey} was last told ${answer.code} at ${last.at} ms by ${last.node}, but ${sold[0].seller}/${sold[0].locator} is ${sold[0].status}`,
      );
    }

    const lastCancel = client.cancelAnswers.at(-1);
    const cancelAnswered =
      lastCancel !== undefined && (lastCancel.answer.ok || lastCancel.answer.code !== 'NO_ANSWER');
    if (lastCancel !== undefined && cancelAnswered && answer.ok) {
      const booking = sold.find((entry) => entry.locator === answer.locator);
      if (lastCancel.answer.ok && booking?.status !== 'CANCELLED') {
        problems.push(
          `client ${intent.idempotencyKey} was told cancelled, but the booking is ${booking?.status ?? 'missing'}`,
        );
      }
      // A copy of the request the client never heard from may have cancelled it since.
      const cancelledByCopy = booking?.status === 'CANCELLED' && client.cancelUncertain;
      if (!lastCancel.answer.ok && booking?.status !== 'CONFIRMED' && !cancelledByCopy) {
        problems.push(
          `client ${intent.idempotencyKey} was told ${lastCancel.answer.code} for its cancellation, but the booking is ${booking?.status ?? 'missing'}`,
        );
      }
    }
  }
  return problems;
}

/**
 * Priority stamps: no two sales of one airline share a stamp, and a sale that causally follows
 * another (its clock is later) has the younger stamp.
 */
function checkStamps(stamps: readonly StampTaken[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const clocks = stamps.map((entry) => VectorClock.from(entry.clock));
  stamps.forEach((entry, index) => {
    const key = `${entry.stamp.airline}@${entry.stamp.time}`;
    if (seen.has(key)) {
      problems.push(`priority stamp ${key} was given to two sales`);
    }
    seen.add(key);
    for (let other = 0; other < stamps.length; other += 1) {
      if (
        clocks[index].compare(clocks[other]) === 'before' &&
        compareStamps(entry.stamp, stamps[other].stamp) >= 0
      ) {
        problems.push(
          `sale stamped ${key} happened before ${stamps[other].stamp.airline}@${stamps[other].stamp.time} but is not older`,
        );
      }
    }
  });
  return problems;
}

/**
 * A sold-out vote is true: unless a cancellation returned seats on the flight afterwards, the
 * flight ends with fewer free seats than the purchase asked for.
 */
function checkSoldOutVotes(state: FinalState, votes: readonly SoldOutVote[]): string[] {
  const problems: string[] = [];
  for (const vote of votes) {
    for (const flightId of vote.flightIds) {
      const flight = state.flights.find(
        (entry) => entry.flightId === flightId && entry.node === vote.airline,
      );
      const returned = state.participants.some(
        ({ node, record }) =>
          node === vote.airline &&
          record.phase === 'COMMITTED' &&
          record.payload?.kind === 'cancel' &&
          (record.decidedAt ?? 0) >= vote.at &&
          record.payload.legs.some((leg) => leg.flightId === flightId),
      );
      if (flight && !returned && flight.available >= vote.seats) {
        problems.push(
          `${vote.airline} voted SOLD_OUT on ${flightId} at ${vote.at} ms for ${vote.seats} seats, but ${flight.available} are free at the end`,
        );
      }
    }
  }
  return problems;
}

/**
 * Checks the link-state maps after healing: every node stores each origin's own advertisement,
 * each origin advertises its inventory's seats, and every node reaches every other.
 */
export function checkLinkState(nodes: readonly SimulatedNode[]): string[] {
  const problems: string[] = [];
  const running = nodes.filter((node) => node.roles !== null);
  const expected = nodes.map((node) => node.code).sort();
  for (const origin of expected) {
    const originNode = running.find((node) => node.code === origin);
    const reference = originNode
      ? getAdvertisement(originNode.roles!.linkState.machine.state, origin)
      : undefined;
    if (!reference) {
      problems.push(`${origin} has no own advertisement`);
      continue;
    }
    for (const node of running) {
      const copy = getAdvertisement(node.roles!.linkState.machine.state, origin);
      if (!copy || !sameAdvertisement(copy, reference)) {
        problems.push(
          `${node.code} holds ${origin}#${copy?.sequence ?? 'none'}, the origin holds #${reference.sequence}`,
        );
      }
    }
    const stored = new Map(
      originNode!.disk
        .readAll<FlightRow>('flights')
        .map((flight) => [flight.flightId, flight.available]),
    );
    for (const flight of reference.flights) {
      if (stored.get(flight.id) !== flight.seatsAvailable) {
        problems.push(
          `${origin} advertises ${flight.seatsAvailable} seats on ${flight.id}, its inventory has ${stored.get(flight.id)}`,
        );
      }
    }
  }
  for (const node of running) {
    const reachable = reachableOrigins(node.roles!.linkState.machine.state);
    if (reachable.join() !== expected.join()) {
      problems.push(
        `${node.code} reaches [${reachable.join(' ')}], expected [${expected.join(' ')}]`,
      );
    }
  }
  return problems;
}
