import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { SearchItinerariesResponse } from '@interline/contracts';

import { GatewayClient } from '../gateway-client';
import { LOOPBACK, planDemoNetwork } from '../local-network';
import {
  logInBuyer,
  referenceFlightIds,
  registerBuyer,
  tomorrow,
  waitForFullMap,
} from '../reference-scenario';
import { collectFinalState, type NodeAddress, waitUntilSettled } from './final-state';
import { HistoryRecorder, type Operation } from './history';
import { type CheckStats, type Violation, checkHistory } from './history-checker';
import { InDoubtMonitor } from './in-doubt-monitor';
import {
  type FaultEvent,
  type FaultKind,
  type FaultableNetwork,
  NEMESIS_DEFAULTS,
  Nemesis,
} from './nemesis';
import { ProxiedNetwork } from './proxied-network';
import { SeededRandom } from '../../sim/seeded-random';
import { type ClientAccount, Workload, forkRandom } from './workload';

/**
 * A fault-injection run on three real airline nodes: clients buy and cancel bookings while a
 * seeded nemesis kills, pauses and partitions nodes. Afterwards every fault is undone, the
 * network settles, and the history of client responses is checked against every node's state.
 */

export interface ChaosOptions {
  durationMs: number;
  seed: number;
  /** Concurrent clients, each with its own account and one operation in flight. */
  clients: number;
  httpPortBase: number;
  tcpPortBase: number;
  /** First of the 9 ports of the inter-node fault proxies. */
  proxyPortBase: number;
  /** False limits the faults to kills and pauses, without partitions or one-way cuts. */
  partitions: boolean;
  /** Keep the nodes' data directories and logs even when the run passes. */
  keepData: boolean;
  log: (line: string) => void;
  /** Ends the load phase early; the run then stops its nodes without checking. */
  signal?: AbortSignal;
}

export interface ChaosReport {
  seed: number;
  partitions: boolean;
  clients: number;
  /** Length of the load phase, in milliseconds. */
  loadMs: number;
  operations: { attempted: number; confirmed: number; rejected: number; unknown: number };
  faults: Record<FaultKind, number>;
  faultEvents: FaultEvent[];
  /** Faults that could not be injected or undone. */
  nemesisErrors: string[];
  /** Node restarts that failed once and then succeeded, with the error of the failure. */
  restartRetries: string[];
  inDoubt: { transactionsSeen: number; maxMs: number };
  /** Time spent sending the operations without a definite outcome again, after the faults. */
  resolveMs: number;
  /** Time from the end of that until nothing was in flight; null when it never settled. */
  settleMs: number | null;
  violations: Violation[];
  stats: CheckStats;
  /** Every client operation in the order it was sent. */
  history: readonly Operation[];
  /** Directory of the nodes' logs and databases when they are kept, otherwise null. */
  dataDir: string | null;
}

/** Node settings: quick failure detection, test hooks for the final state. */
const NODE_SETTINGS = {
  INTERLINE_TEST_HOOKS: 'true',
  INTERLINE_SEED_DAYS: '3',
  INTERLINE_LOG_LEVEL: 'info',
  INTERLINE_HELLO_INTERVAL_MS: '500',
  INTERLINE_DEAD_INTERVAL_MS: '2000',
};
const CLUSTER_KEY = 'chaos-cluster-key-0123456789abcdef0123456789';
/** Shorter than the purchase timeout (20 s), so slow purchases end as unknown outcomes. */
const REQUEST_TIMEOUT_MS = 5_000;
const SETUP_TIMEOUT_MS = 30_000;
const SETTLE_TIMEOUT_MS = 60_000;
/** Origin and destination pairs searched for itineraries besides the reference one. */
const ROUTES = [
  ['FOR', 'BSB'],
  ['BSB', 'CWB'],
  ['CWB', 'FOR'],
  ['FOR', 'CWB'],
  ['BSB', 'FOR'],
  ['SSA', 'CWB'],
  ['BEL', 'CWB'],
] as const;
const ITINERARIES_PER_ROUTE = 2;

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const root = mkdtempSync(join(tmpdir(), 'interline-chaos-'));
  const random = new SeededRandom(options.seed);
  const specs = planDemoNetwork({
    httpPortBase: options.httpPortBase,
    tcpPortBase: options.tcpPortBase,
    dataDir: root,
    clusterKey: CLUSTER_KEY,
  }).map((spec) => ({ ...spec, env: NODE_SETTINGS }));
  const addresses: NodeAddress[] = specs.map((spec) => ({
    airline: spec.code,
    httpUrl: `http://${LOOPBACK}:${spec.httpPort}`,
  }));
  const gatewayPorts = Object.fromEntries(specs.map((spec) => [spec.code, spec.tcpPort]));

  options.log(`chaos: seed ${options.seed}, data in ${root}`);
  const network = await ProxiedNetwork.start({
    nodes: specs.length,
    httpPortBase: options.httpPortBase,
    tcpPortBase: options.tcpPortBase,
    proxyPortBase: options.proxyPortBase,
    dataDir: root,
    clusterKey: CLUSTER_KEY,
    env: NODE_SETTINGS,
  });
  const monitor = new InDoubtMonitor(CLUSTER_KEY, addresses);
  let passed = false;
  try {
    await Promise.all(network.nodes.map((node) => waitForFullMap(node, specs.length)));
    const accounts = await withTimeout(
      createAccounts(gatewayPorts, options.clients),
      SETUP_TIMEOUT_MS,
      'creating the client accounts',
    );
    const itineraries = await findItineraries(gatewayPorts[specs[0].code]);
    options.log(`chaos: ${accounts.length} clients, ${itineraries.length} itineraries`);

    const recorder = new HistoryRecorder();
    const workload = new Workload(
      {
        gatewayPorts,
        accounts,
        itineraries,
        requestTimeoutMs: REQUEST_TIMEOUT_MS,
        retriesMax: 3,
        cancelShare: 0.2,
        firstItineraryShare: 0.4,
        keyPrefix: `chaos-${options.seed.toString(36)}`,
      },
      recorder,
      forkRandom(random),
    );
    const nemesis = new Nemesis(network, forkRandom(random), options.log, {
      ...NEMESIS_DEFAULTS,
      kinds: options.partitions ? NEMESIS_DEFAULTS.kinds : ['kill', 'pause'],
    });

    const loadStarted = Date.now();
    monitor.start();
    workload.start();
    nemesis.start();
    await sleepUnlessAborted(options.durationMs, options.signal);
    await nemesis.stop();
    await workload.stop();
    const loadMs = Date.now() - loadStarted;
    if (options.signal?.aborted) {
      throw new Error('chaos run interrupted before the check');
    }

    options.log('chaos: faults over; healing, restarting and resolving unknown outcomes');
    const { violations, stats, resolveMs, settleMs } = await settleAndCheck(
      network,
      workload,
      recorder,
      addresses,
    );
    await monitor.stop();
    const report: ChaosReport = {
      seed: options.seed,
      partitions: options.partitions,
      clients: options.clients,
      loadMs,
      operations: countOutcomes(recorder.list()),
      faults: countFaults(nemesis.events),
      faultEvents: nemesis.events,
      nemesisErrors: nemesis.errors,
      restartRetries: nemesis.restartRetries,
      inDoubt: { transactionsSeen: monitor.count, maxMs: monitor.maxMs },
      resolveMs,
      settleMs,
      violations,
      stats,
      history: recorder.list(),
      dataDir: null,
    };
    passed = violations.length === 0 && nemesis.errors.length === 0 && settleMs !== null;
    report.dataDir = passed && !options.keepData ? null : root;
    return report;
  } finally {
    await monitor.stop();
    await network.stop();
    if (passed && !options.keepData) {
      rmSync(root, { recursive: true, force: true });
    }
  }
}

/**
 * Ends the faults for good, sends the operations without a definite outcome again, waits until
 * the network settles, then checks the history against every node's final state.
 */
async function settleAndCheck(
  network: FaultableNetwork,
  workload: Workload,
  recorder: HistoryRecorder,
  addresses: readonly NodeAddress[],
): Promise<{
  violations: Violation[];
  stats: CheckStats;
  resolveMs: number;
  settleMs: number | null;
}> {
  network.heal();
  await restartSilentNodes(network, addresses);
  const healedAt = Date.now();
  await workload.resolve();
  const resolveMs = Date.now() - healedAt;

  const flightIds = new Set(recorder.list().flatMap((operation) => operation.itinerary));
  const settleMs = await waitUntilSettled(CLUSTER_KEY, addresses, flightIds, SETTLE_TIMEOUT_MS);
  const state = await collectFinalState(CLUSTER_KEY, addresses, flightIds);
  return { ...checkHistory(recorder.list(), state), resolveMs, settleMs };
}

/** Registers one account per client on the nodes in turn and logs it in on every node. */
async function createAccounts(
  gatewayPorts: Record<string, number>,
  clients: number,
): Promise<ClientAccount[]> {
  const codes = Object.keys(gatewayPorts);
  const gateways = codes.map((code) => new GatewayClient(gatewayPorts[code], REQUEST_TIMEOUT_MS));
  try {
    const accounts: ClientAccount[] = [];
    for (let client = 0; client < clients; client += 1) {
      const email = `client${client}@chaos.example.com`;
      const home = client % codes.length;
      const first = await registerBuyer(gateways[home], email);
      const tokens: Record<string, string> = { [codes[home]]: first.token };
      for (const [index, code] of codes.entries()) {
        if (index !== home) {
          tokens[code] = (await logInBuyer(gateways[index], email)).token;
        }
      }
      accounts.push({ accountId: first.accountId, tokens });
    }
    return accounts;
  } finally {
    gateways.forEach((gateway) => gateway.close());
  }
}

/**
 * Returns the reference itinerary of tomorrow first, then a few sellable itineraries of other
 * routes on the same day, found by the first node's search.
 */
async function findItineraries(gatewayPort: number): Promise<string[][]> {
  const date = tomorrow();
  const gateway = new GatewayClient(gatewayPort, REQUEST_TIMEOUT_MS);
  try {
    const found = [referenceFlightIds(date)];
    for (const [origin, destination] of ROUTES) {
      const answer = await gateway.send<SearchItinerariesResponse>('itineraries.search', {
        origin,
        destination,
        date,
        passengers: 2,
        maxResults: ITINERARIES_PER_ROUTE,
      });
      for (const itinerary of answer.itineraries.filter((entry) => entry.sellable)) {
        found.push(itinerary.legs.map((leg) => leg.id));
      }
    }
    return found;
  } finally {
    gateway.close();
  }
}

/** Restarts every node that does not respond to `/status` within 5 s. */
async function restartSilentNodes(
  network: FaultableNetwork,
  addresses: readonly NodeAddress[],
): Promise<void> {
  for (const address of addresses) {
    try {
      const response = await fetch(`${address.httpUrl}/status`, {
        signal: AbortSignal.timeout(5_000),
      });
      if (response.ok) {
        continue;
      }
    } catch {
      // Not responding: restarted below.
    }
    await network.restart(address.airline);
  }
}

function countOutcomes(operations: readonly Operation[]): ChaosReport['operations'] {
  return {
    attempted: operations.length,
    confirmed: operations.filter((operation) => operation.outcome.type === 'ok').length,
    rejected: operations.filter((operation) => operation.outcome.type === 'fail').length,
    unknown: operations.filter((operation) => operation.outcome.type === 'unknown').length,
  };
}

function countFaults(events: readonly FaultEvent[]): Record<FaultKind, number> {
  const counts: Record<FaultKind, number> = { kill: 0, pause: 0, partition: 0, 'one-way': 0 };
  for (const event of events) {
    counts[event.kind] += 1;
  }
  return counts;
}

function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function withTimeout<T>(work: Promise<T>, ms: number, description: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${description} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
