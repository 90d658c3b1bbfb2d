import { ownLegs } from '../core/participant';
import {
  type SimulatedCoordinator,
  type SimulatedParticipant,
  latestRecords,
} from './simulated-nodes';
import type { SimulatedTransaction } from './simulation-scenario';

/**
 * Checks the seat counts of one participant against its records: every flight keeps
 * `sold + held + available = capacity` with no count below zero, `held` is the sum of the
 * prepared purchases' seats, and `sold` grew by exactly the committed purchases' seats.
 */
export function seatProblems(node: SimulatedParticipant, when: string): string[] {
  const problems: string[] = [];
  for (const flight of node.flights.values()) {
    const where = `${node.airline} ${flight.flightId} ${when}`;
    const { capacity, sold, held, available } = flight;
    if (sold + held + available !== capacity) {
      problems.push(
        `${where}: sold ${sold} + held ${held} + available ${available} != ${capacity}`,
      );
    }
    if (sold < 0 || held < 0 || available < 0) {
      problems.push(`${where}: negative seat count (${sold}/${held}/${available})`);
    }
    const heldByRecords = node
      .holdersOf(flight.flightId)
      .reduce((sum, holder) => sum + holder.seats, 0);
    if (held !== heldByRecords) {
      problems.push(`${where}: held ${held}, but prepared purchases hold ${heldByRecords}`);
    }
    const committed = committedSeats(node, flight.flightId);
    if (sold !== flight.initialSold + committed) {
      problems.push(
        `${where}: sold ${sold}, expected ${flight.initialSold} + ${committed} committed`,
      );
    }
  }
  return problems;
}

function committedSeats(node: SimulatedParticipant, flightId: string): number {
  let seats = 0;
  for (const record of node.records.values()) {
    if (record.phase !== 'COMMITTED' || record.payload === null) {
      continue;
    }
    for (const leg of ownLegs(node.airline, record.payload.legs)) {
      if (leg.flightId === flightId) {
        seats += record.payload.kind === 'purchase' ? leg.seats : -leg.seats;
      }
    }
  }
  return seats;
}

/**
 * Checks a settled run. Every participant ends with the coordinator's outcome, where a forgotten
 * or never begun transaction counts as aborted (presumed abort). Every commit is durable on the
 * coordinator and on each participant. No seat is still held, and each flight sold exactly the
 * seats of the committed purchases.
 */
export function checkSimulation(
  coordinator: SimulatedCoordinator,
  participants: readonly SimulatedParticipant[],
  transactions: readonly SimulatedTransaction[],
): string[] {
  const problems: string[] = [];
  const durableDecisions = latestRecords(coordinator.log.durable());
  for (const transaction of transactions) {
    const { txId } = transaction;
    const record = coordinator.records.get(txId) ?? null;
    if (record !== null && record.phase === 'PREPARING') {
      problems.push(`${txId}: the coordinator never decided`);
    }
    if (record !== null && record.completedAt === null) {
      problems.push(`${txId}: the coordinator still waits for ${pendingOf(record)}`);
    }
    const committed = record?.phase === 'COMMITTED';
    problems.push(...announcementProblems(transaction, committed));
    if (committed && durableDecisions.get(txId)?.phase !== 'COMMITTED') {
      problems.push(`${txId}: the coordinator's commit is not durable`);
    }

    const airlines = new Set(transaction.payload.legs.map((leg) => leg.airline));
    for (const node of participants) {
      const phase = node.records.get(txId)?.phase ?? 'no record';
      if (!airlines.has(node.airline)) {
        if (phase !== 'no record') {
          problems.push(`${txId}: ${node.airline} is no participant but has a ${phase} record`);
        }
        continue;
      }
      if (committed) {
        const durablePhase = latestRecords(node.log.durable().map((write) => write.record)).get(
          txId,
        )?.phase;
        if (phase !== 'COMMITTED') {
          problems.push(`${txId}: committed, but ${node.airline} ended ${phase}`);
        } else if (durablePhase !== 'COMMITTED') {
          problems.push(`${txId}: ${node.airline} acknowledged a commit that is not durable`);
        }
      } else if (phase !== 'ABORTED' && phase !== 'REFUSED' && phase !== 'no record') {
        problems.push(`${txId}: aborted, but ${node.airline} ended ${phase}`);
      }
    }
  }

  for (const node of participants) {
    if (!node.up) {
      problems.push(`${node.airline} is still down`);
    }
    if (node.parked.size > 0) {
      problems.push(`${node.airline} still has ${node.parked.size} prepares waiting`);
    }
    for (const flight of node.flights.values()) {
      if (flight.held !== 0) {
        problems.push(`${node.airline} ${flight.flightId}: ${flight.held} seats still held`);
      }
    }
    problems.push(...seatProblems(node, 'at the end'));
  }
  return problems;
}

/** Checks that the coordinator announced its decision at most once, and the one it ended with. */
function announcementProblems(transaction: SimulatedTransaction, committed: boolean): string[] {
  const { txId, announced } = transaction;
  if (announced.length > 1) {
    return [`${txId}: decision announced ${announced.length} times (${announced.join(', ')})`];
  }
  if (announced.length === 1 && (announced[0] === 'COMMIT') !== committed) {
    return [`${txId}: announced ${announced[0]}, but the coordinator ended otherwise`];
  }
  return [];
}

function pendingOf(record: { participants: string[]; acknowledged: string[] }): string {
  return record.participants.filter((airline) => !record.acknowledged.includes(airline)).join(',');
}
