import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  type GatewayErrorBody,
  type PurchaseResponse,
  isGatewayErrorBody,
} from '@interline/contracts';

import { accountOwner } from '../../apps/airline/src/accounts/account-owner';
import { ProxiedNetwork } from '../../scripts/faults/proxied-network';
import type { RunningNode } from '../../scripts/local-network';
import { TEST_CLUSTER_KEY, eventually, getJson, readLog } from './cluster';
import type { TestGatewayClient } from './gateway-client';
import { type FlightInventory, expectSettled, inDoubt, inventory, purchase } from './purchase';
import { signedJson } from './signing';

/**
 * Node settings of the fault-injection suites: fast hellos and a short dead interval, so a cut
 * link is noticed within a second, and three days of flights, which is all the suites sell.
 */
export const FAULT_SUITE_ENV = {
  INTERLINE_HELLO_INTERVAL_MS: '200',
  INTERLINE_DEAD_INTERVAL_MS: '1000',
  INTERLINE_SEED_DAYS: '3',
};

/** A proxied network of the three demo airlines on its own port block and data directory. */
export interface FaultTestNetwork {
  network: ProxiedNetwork;
  /** Stops every node and proxy, then deletes the data directories. */
  dispose(): Promise<void>;
}

/** Starts JG, IP and RC behind one fault proxy per ordered pair. */
export async function startFaultTestNetwork(
  name: string,
  block: { http: number; tcp: number; proxy: number },
  env: Record<string, string> = {},
): Promise<FaultTestNetwork> {
  const root = mkdtempSync(join(tmpdir(), `interline-${name}-`));
  let network: ProxiedNetwork;
  try {
    network = await ProxiedNetwork.start({
      nodes: 3,
      httpPortBase: block.http,
      tcpPortBase: block.tcp,
      proxyPortBase: block.proxy,
      dataDir: root,
      clusterKey: TEST_CLUSTER_KEY,
      env: { ...FAULT_SUITE_ENV, ...env },
    });
  } catch (error) {
    // The data directories go away with the failed network, so their logs go into the error.
    const logs = ['jg', 'ip', 'rc'].map((directory) =>
      lastLogLines(join(root, directory, 'node.log')),
    );
    rmSync(root, { recursive: true, force: true });
    throw new Error(`${(error as Error).message}\n${logs.join('\n')}`);
  }
  return {
    network,
    dispose: async () => {
      await network.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Returns the last lines of a node log, or a note that there is none. */
function lastLogLines(file: string, count = 15): string {
  if (!existsSync(file)) {
    return `${file}: no log`;
  }
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  return [`${file} (last ${count} lines):`, ...lines.slice(-count)].join('\n');
}

/**
 * Returns an email whose account the node of `owner` keeps, by the owner rule every node
 * applies. A purchase then claims its key on `owner` itself, so a fault between other nodes
 * cannot block the claim.
 */
export function emailOwnedBy(owner: string, airlines: readonly string[], label: string): string {
  for (let index = 0; index < 1_000; index += 1) {
    const email = `${label}.${index}@example.com`;
    if (accountOwner(email, airlines) === owner) {
      return email;
    }
  }
  throw new Error(`no email for ${label} owned by ${owner} among 1000 candidates`);
}

/** What a node has recorded of one transaction, from `GET /v1/test-hooks/transactions/:txId`. */
export interface TransactionRecord {
  txId: string;
  coordinator: {
    phase: 'PREPARING' | 'COMMITTED' | 'ABORTED';
    votes: Record<string, 'YES' | 'NO'>;
    acknowledged: string[];
    completed: boolean;
  } | null;
  participant: {
    phase: 'PREPARED' | 'COMMITTED' | 'ABORTED' | 'REFUSED';
    vote: string | null;
  } | null;
}

export async function transactionRecord(
  node: RunningNode,
  txId: string,
): Promise<TransactionRecord> {
  const response = await signedJson<TransactionRecord>(
    TEST_CLUSTER_KEY,
    node.httpUrl,
    'GET',
    `/v1/test-hooks/transactions/${encodeURIComponent(txId)}`,
  );
  if (response.status !== 200) {
    throw new Error(`transaction ${txId} on ${node.spec.code}: HTTP ${response.status}`);
  }
  return response.body;
}

/** A booking as its selling node stores it, from `GET /v1/test-hooks/bookings`. */
export interface SoldBooking {
  locator: string;
  idempotencyKey: string;
  status: 'PENDING' | 'CONFIRMED' | 'FAILED' | 'CANCELLING' | 'CANCELLED';
  failureCode: string | null;
  txIds: string[];
}

/** Returns the booking the selling node stored for a purchase key; throws when there is none. */
export async function bookingByKey(
  seller: RunningNode,
  idempotencyKey: string,
): Promise<SoldBooking> {
  const response = await signedJson<{ bookings: SoldBooking[] }>(
    TEST_CLUSTER_KEY,
    seller.httpUrl,
    'GET',
    '/v1/test-hooks/bookings',
  );
  const booking = response.body.bookings.find((row) => row.idempotencyKey === idempotencyKey);
  if (!booking) {
    throw new Error(`${seller.spec.code} stores no booking for key ${idempotencyKey}`);
  }
  return booking;
}

/**
 * Result of a purchase request as the passenger's client receives it: a booking, a coded
 * rejection from the selling node, or no response because the connection closed or timed out.
 */
export type PurchaseAnswer =
  | { kind: 'confirmed'; response: PurchaseResponse }
  | { kind: 'rejected'; error: GatewayErrorBody }
  | { kind: 'lost'; error: unknown };

/** Sends a purchase and classifies the response instead of throwing. */
export async function attemptPurchase(
  gateway: TestGatewayClient,
  token: string,
  flightIds: string[],
  passengers: string[],
  idempotencyKey: string,
): Promise<PurchaseAnswer> {
  try {
    const response = await purchase(gateway, token, flightIds, passengers, idempotencyKey);
    return { kind: 'confirmed', response };
  } catch (error) {
    return isGatewayErrorBody(error) ? { kind: 'rejected', error } : { kind: 'lost', error };
  }
}

interface NodeStatus {
  airlines: Array<{ code: string; reachable: boolean }>;
}

/** Waits until `node` lists exactly `reachable` among `airlines` as reachable. */
export async function waitForReachability(
  node: RunningNode,
  airlines: readonly string[],
  reachable: readonly string[],
  timeoutMs: number,
): Promise<void> {
  await eventually(
    async () => {
      const { body } = await getJson<NodeStatus>(`${node.httpUrl}/status`);
      const listed = new Set(
        body.airlines.filter((airline) => airline.reachable).map((a) => a.code),
      );
      return airlines.every((code) => listed.has(code) === reachable.includes(code))
        ? true
        : undefined;
    },
    timeoutMs,
    `${node.spec.code} to see ${reachable.join(', ') || 'none'} of ${airlines.join(', ')} as reachable`,
  );
}

/** Returns the transactions `node` holds prepared once it holds at least one, within `timeoutMs`. */
export function waitForInDoubt(node: RunningNode, timeoutMs: number): Promise<string[]> {
  return eventually(
    async () => {
      const txIds = await inDoubt(node);
      return txIds.length > 0 ? txIds : undefined;
    },
    timeoutMs,
    `${node.spec.code} to hold a prepared transaction`,
  );
}

/** One flight per operating node, as the reference itinerary has. */
export type FlightsByNode = ReadonlyArray<readonly [RunningNode, string]>;

/** Inventories of the flights, keyed by airline code. */
export async function inventories(
  flights: FlightsByNode,
): Promise<Record<string, FlightInventory>> {
  const result: Record<string, FlightInventory> = {};
  for (const [node, flightId] of flights) {
    result[node.spec.code] = await inventory(node, flightId);
  }
  return result;
}

/**
 * Passes when every flight has settled (no hold, counts add up to capacity, one open coupon per
 * sold seat) and no node holds a transaction in doubt; returns the inventories by airline.
 */
export async function expectSettledEverywhere(
  flights: FlightsByNode,
): Promise<Record<string, FlightInventory>> {
  const result: Record<string, FlightInventory> = {};
  for (const [node, flightId] of flights) {
    result[node.spec.code] = await expectSettled(node, flightId);
  }
  for (const [node] of flights) {
    expect(await inDoubt(node)).toEqual([]);
  }
  return result;
}

/** Waits until `expectSettledEverywhere` passes, or fails with its last assertion. */
export function waitUntilSettled(
  flights: FlightsByNode,
  timeoutMs: number,
): Promise<Record<string, FlightInventory>> {
  return eventually(() => expectSettledEverywhere(flights), timeoutMs, 'every node to settle');
}

/**
 * Checks all-or-nothing for one transaction: the coordinator decided `decision`, and every
 * participant that voted yes applied it. Returns the records by airline.
 */
export async function expectDecidedEverywhere(
  coordinator: RunningNode,
  participants: readonly RunningNode[],
  txId: string,
  decision: 'COMMIT' | 'ABORT',
): Promise<Record<string, TransactionRecord>> {
  const records: Record<string, TransactionRecord> = {};
  const coordinated = await transactionRecord(coordinator, txId);
  expect(coordinated.coordinator?.phase).toBe(decision === 'COMMIT' ? 'COMMITTED' : 'ABORTED');
  for (const node of participants) {
    const record = await transactionRecord(node, txId);
    records[node.spec.code] = record;
    const phase = record.participant?.phase;
    if (decision === 'COMMIT') {
      expect({ airline: node.spec.code, phase }).toEqual({
        airline: node.spec.code,
        phase: 'COMMITTED',
      });
    } else {
      // A participant that refused, never received the prepare, or aborted holds nothing.
      expect({ airline: node.spec.code, committed: phase === 'COMMITTED' }).toEqual({
        airline: node.spec.code,
        committed: false,
      });
    }
  }
  return records;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Checks that the passenger's answer agrees with what every airline did, once the network has
 * healed and settled: a confirmed answer means the seats are sold on every leg and the booking
 * is confirmed, a rejection means nothing is sold and the booking failed with the same code,
 * and a lost answer only needs every airline to agree. The last attempt carries the outcome and
 * every earlier attempt is aborted on every node. Returns whether the purchase was sold.
 */
export async function expectOutcomeEverywhere(options: {
  answer: PurchaseAnswer;
  seller: RunningNode;
  idempotencyKey: string;
  flights: FlightsByNode;
  soldBefore: Record<string, FlightInventory>;
  seats: number;
}): Promise<boolean> {
  const { answer, seller, flights, seats } = options;
  const after = await expectSettledEverywhere(flights);
  const soldNow = flights.map(
    ([node]) => after[node.spec.code].seatsSold - options.soldBefore[node.spec.code].seatsSold,
  );
  const sold = soldNow[0] === seats;
  expect(soldNow).toEqual(flights.map(() => (sold ? seats : 0)));

  const booking = await bookingByKey(seller, options.idempotencyKey);
  expect(booking.status).toBe(sold ? 'CONFIRMED' : 'FAILED');
  if (answer.kind === 'confirmed') {
    expect(sold).toBe(true);
    expect(answer.response.booking.locator).toBe(booking.locator);
  } else if (answer.kind === 'rejected') {
    expect(sold).toBe(false);
    expect(booking.failureCode).toBe(answer.error.code);
  }

  const participants = flights.map(([node]) => node);
  for (const [index, txId] of booking.txIds.entries()) {
    const last = index === booking.txIds.length - 1;
    await expectDecidedEverywhere(seller, participants, txId, last && sold ? 'COMMIT' : 'ABORT');
  }
  return sold;
}

/** Polls the transaction record on `node` until `accept` returns true; returns that record. */
export function eventuallyRecord(
  node: RunningNode,
  txId: string,
  accept: (record: TransactionRecord) => boolean,
  timeoutMs: number,
): Promise<TransactionRecord> {
  return eventually(
    async () => {
      const record = await transactionRecord(node, txId);
      return accept(record) ? record : undefined;
    },
    timeoutMs,
    `the record of ${txId} on ${node.spec.code} to reach the expected state`,
  );
}

/** Time for a node to reach its crash point and for its process to end. */
const CRASH_WAIT_MS = 10_000;

/** Waits until `node`'s process ends, and checks that it killed itself at crash point `point`. */
export async function expectCrashedAt(node: RunningNode, point: string): Promise<void> {
  let ended: number | string | undefined;
  void node.exited.then((value) => (ended = value));
  const exit = await eventually(
    () => Promise.resolve(ended),
    CRASH_WAIT_MS,
    `${node.spec.code} to reach ${point} and exit`,
  );
  expect({ airline: node.spec.code, exit }).toEqual({ airline: node.spec.code, exit: 'SIGKILL' });
  expect(readLog(node)).toContain(`"point":"${point}"`);
}
