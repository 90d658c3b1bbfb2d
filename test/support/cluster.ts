import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  type NodeSpec,
  type RunningNode,
  planDemoNetwork,
  startNode,
  stopNode,
  waitForStatus,
} from '../../scripts/local-network';

export const TEST_CLUSTER_KEY = 'e2e-cluster-key-0123456789abcdef0123456789';

/**
 * Port blocks for e2e suites. Each suite takes its own block so a port still in TIME_WAIT from
 * one suite never collides with the next. The blocks sit below Linux's ephemeral range (32768 and
 * up by default), where the many outgoing connections of a purchase burst take their ports.
 */
export const PORT_BLOCKS = {
  launch: { http: 27_111, tcp: 27_121 },
  gateway: { http: 27_211, tcp: 27_221 },
  storage: { http: 27_311, tcp: 27_321 },
  console: { http: 27_411, tcp: 27_421 },
  routes: { http: 27_511, tcp: 27_521 },
  accounts: { http: 28_411, tcp: 28_421 },
  purchase: { http: 28_111, tcp: 28_121 },
  crashes: { http: 28_211, tcp: 28_221 },
  contention: { http: 28_311, tcp: 28_321 },
  // The purchase and contention suites again, with every node on MongoDB (FerretDB).
  purchaseMongodb: { http: 29_111, tcp: 29_121 },
  contentionMongodb: { http: 29_131, tcp: 29_134 },
  mongodbBoot: { http: 29_137, tcp: 29_138 },
  // Fault-injection suites: one fault proxy per ordered pair of nodes, nine ports from `proxy`.
  faultsCoordinatorIsolated: { http: 29_311, tcp: 29_321, proxy: 29_331 },
  faultsParticipantIsolated: { http: 29_351, tcp: 29_361, proxy: 29_371 },
  faultsOneWayCommit: { http: 29_391, tcp: 29_401, proxy: 29_411 },
  faultsPaused: { http: 29_431, tcp: 29_441, proxy: 29_451 },
  faultsDoubleCrash: { http: 29_471, tcp: 29_481, proxy: 29_491 },
  faultsRecoveryCrash: { http: 29_511, tcp: 29_521, proxy: 29_531 },
  faultsFloodPartition: { http: 29_551, tcp: 29_561, proxy: 29_571 },
} as const;

/** A set of real node processes with throwaway data directories, stopped by `stop()`. */
export class TestCluster {
  readonly nodes: RunningNode[] = [];

  private constructor(readonly root: string) {}

  static create(prefix: string): TestCluster {
    return new TestCluster(mkdtempSync(join(tmpdir(), `interline-${prefix}-`)));
  }

  /** Plans `count` demo nodes on the given port block under this cluster's directory. */
  plan(
    block: { http: number; tcp: number },
    count = 3,
    env: Record<string, string> = {},
  ): NodeSpec[] {
    return planDemoNetwork({
      httpPortBase: block.http,
      tcpPortBase: block.tcp,
      dataDir: this.root,
      clusterKey: TEST_CLUSTER_KEY,
      count,
    }).map((spec) => ({
      ...spec,
      env: {
        INTERLINE_HELLO_INTERVAL_MS: '200',
        INTERLINE_DEAD_INTERVAL_MS: '1000',
        INTERLINE_TEST_HOOKS: 'true',
        INTERLINE_SEED_DAYS: '3',
        ...env,
      },
    }));
  }

  /** Starts the nodes and waits until every one responds to `/status`. */
  async start(specs: NodeSpec[]): Promise<RunningNode[]> {
    const started = specs.map((spec) => startNode(spec));
    this.nodes.push(...started);
    await Promise.all(started.map((node) => waitForStatus(node)));
    return started;
  }

  /** Starts a node without waiting; for scenarios where it is expected to fail. */
  launch(spec: NodeSpec): RunningNode {
    const node = startNode(spec);
    this.nodes.push(node);
    return node;
  }

  async stop(node: RunningNode): Promise<number | string> {
    return stopNode(node);
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.nodes.map((node) => stopNode(node)));
  }

  async dispose(): Promise<void> {
    await this.stopAll();
    rmSync(this.root, { recursive: true, force: true });
  }
}

export function readLog(node: RunningNode): string {
  return readFileSync(node.logFile, 'utf8');
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  condition: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) {
        return value;
      }
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${condition}${last ? `: ${String(last)}` : ''}`,
  );
}

export async function getJson<T>(
  url: string,
  init?: RequestInit,
): Promise<{ status: number; body: T }> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(5_000) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}
