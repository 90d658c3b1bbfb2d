import {
  DEMO_NODES,
  LOOPBACK,
  type NodeSpec,
  type RunningNode,
  planDemoNetwork,
  startNode,
  stopNode,
  waitForStatus,
} from '../local-network';
import { type Fault, FaultProxy } from './fault-proxy';

/** Settings of a proxied network; every port is on 127.0.0.1. */
export interface ProxiedNetworkOptions {
  /** Demo airlines to start, 1 to 3, in the order JG, IP, RC. */
  nodes: number;
  /** HTTP port of the first node; the others follow. */
  httpPortBase: number;
  /** Gateway port of the first node; the others follow. */
  tcpPortBase: number;
  /**
   * First proxy port. The proxy of link (from, to) listens on
   * `proxyPortBase + fromIndex * nodes + toIndex`, so `nodes * nodes` ports are reserved.
   */
  proxyPortBase: number;
  /** Parent directory of the nodes' data directories (one sub-directory per airline). */
  dataDir: string;
  clusterKey: string;
  /** Extra environment of every node, e.g. shorter timeouts. */
  env?: Record<string, string>;
}

/** Options of `restart`. */
export interface RestartOptions {
  /** Environment added to the node's for this start only, e.g. a crash point. */
  env?: Record<string, string>;
  /** Wait until the node responds to `/status` (the default); false for a node expected to crash. */
  waitForStatus?: boolean;
}

const CUT: Fault = { mode: 'cut' };
const PASS: Fault = { mode: 'pass' };
/** Time a stopping node gets to exit after SIGTERM before it is killed. */
const STOP_GRACE_MS = 5_000;

/**
 * Demo airline nodes on 127.0.0.1 where every inter-node request crosses a fault proxy: one
 * proxy per ordered pair of nodes, so node `from` reaches node `to` only through
 * `link(from, to)`, and a fault on it leaves the opposite direction untouched. Each node gets
 * its routes with `INTERLINE_TEST_PEER_ROUTES`, which needs `INTERLINE_TEST_HOOKS=true`, so the
 * test hooks are on. Tests and clients reach the nodes directly, never through a proxy.
 */
export class ProxiedNetwork {
  private readonly running = new Map<string, RunningNode>();
  private readonly paused = new Set<string>();

  private constructor(
    private readonly specs: Map<string, NodeSpec>,
    private readonly links: Map<string, FaultProxy>,
  ) {}

  /** Starts the proxies, then the nodes, and waits until every node responds to `/status`. */
  static async start(options: ProxiedNetworkOptions): Promise<ProxiedNetwork> {
    if (
      !Number.isInteger(options.nodes) ||
      options.nodes < 1 ||
      options.nodes > DEMO_NODES.length
    ) {
      throw new RangeError(
        `a proxied network has 1 to ${DEMO_NODES.length} demo nodes, got ${options.nodes}`,
      );
    }
    const planned = planDemoNetwork({
      httpPortBase: options.httpPortBase,
      tcpPortBase: options.tcpPortBase,
      dataDir: options.dataDir,
      clusterKey: options.clusterKey,
      count: options.nodes,
    });

    const links = new Map<string, FaultProxy>();
    const network = new ProxiedNetwork(new Map(), links);
    try {
      for (const [fromIndex, from] of planned.entries()) {
        for (const [toIndex, to] of planned.entries()) {
          if (from.code !== to.code) {
            const proxy = await FaultProxy.start({
              listenPort: options.proxyPortBase + fromIndex * options.nodes + toIndex,
              targetPort: to.httpPort,
            });
            links.set(linkKey(from.code, to.code), proxy);
          }
        }
      }
      for (const spec of planned) {
        const routes = planned
          .filter((other) => other.code !== spec.code)
          .map((other) => `${httpUrl(other)}=${network.link(spec.code, other.code).url}`);
        network.specs.set(spec.code, {
          ...spec,
          env: {
            ...options.env,
            INTERLINE_TEST_HOOKS: 'true',
            INTERLINE_TEST_PEER_ROUTES: routes.join(','),
          },
        });
      }
      await Promise.all([...network.specs.keys()].map((code) => network.launch(code, true)));
    } catch (error) {
      await network.stop();
      throw error;
    }
    return network;
  }

  /** Airline codes of the nodes, in plan order. */
  get airlines(): string[] {
    return [...this.specs.keys()];
  }

  /** The running node processes, in plan order. */
  get nodes(): RunningNode[] {
    return [...this.specs.keys()].flatMap((code) => this.running.get(code) ?? []);
  }

  /** The running process of airline `code`. */
  node(code: string): RunningNode {
    const node = this.running.get(code);
    if (!node) {
      throw new Error(`no running node ${code}; running: ${[...this.running.keys()].join(', ')}`);
    }
    return node;
  }

  /** The proxy that carries every request from node `from` to node `to`. */
  link(from: string, to: string): FaultProxy {
    const proxy = this.links.get(linkKey(from, to));
    if (!proxy) {
      throw new Error(
        `no link from ${from} to ${to}; airlines: ${[...this.specs.keys()].join(', ')}`,
      );
    }
    return proxy;
  }

  /** Applies `fault` to every link from and to `code`. */
  isolate(code: string, fault: Fault = CUT): void {
    this.specOf(code);
    for (const other of this.specs.keys()) {
      if (other !== code) {
        this.link(code, other).set(fault);
        this.link(other, code).set(fault);
      }
    }
  }

  /**
   * Splits the nodes into `groups`: links inside a group pass, links between groups get `fault`
   * in both directions. Every airline must be in exactly one group.
   */
  partition(groups: string[][], fault: Fault = CUT): void {
    const groupOf = new Map<string, number>();
    for (const [index, group] of groups.entries()) {
      for (const code of group) {
        this.specOf(code);
        if (groupOf.has(code)) {
          throw new Error(`airline ${code} is in more than one partition group`);
        }
        groupOf.set(code, index);
      }
    }
    const missing = [...this.specs.keys()].filter((code) => !groupOf.has(code));
    if (missing.length > 0) {
      throw new Error(`airlines ${missing.join(', ')} are in no partition group`);
    }
    for (const [key, proxy] of this.links) {
      const [from, to] = key.split('>');
      proxy.set(groupOf.get(from) === groupOf.get(to) ? PASS : fault);
    }
  }

  /** Applies `fault` to requests from `from` to `to` only; `to` still reaches `from`. */
  oneWay(from: string, to: string, fault: Fault = CUT): void {
    this.link(from, to).set(fault);
  }

  /** Lets every link pass again. */
  heal(): void {
    for (const proxy of this.links.values()) {
      proxy.set(PASS);
    }
  }

  /** Kills node `code` with SIGKILL and waits until its process has ended. */
  async kill(code: string): Promise<void> {
    const node = this.running.get(code);
    if (!node) {
      return;
    }
    this.running.delete(code);
    this.paused.delete(code);
    if (node.process.exitCode === null && node.process.signalCode === null) {
      node.process.kill('SIGKILL');
    }
    await node.exited;
  }

  /**
   * Kills node `code` if it runs, then starts it again on the same data directory, and by
   * default waits until it responds to `/status`.
   */
  async restart(code: string, options: RestartOptions = {}): Promise<RunningNode> {
    await this.kill(code);
    return this.launch(code, options.waitForStatus ?? true, options.env);
  }

  /** Stops node `code` with SIGSTOP: its sockets stay open and it sends nothing. */
  pause(code: string): void {
    this.node(code).process.kill('SIGSTOP');
    this.paused.add(code);
  }

  /** Lets a paused node run again with SIGCONT. */
  resume(code: string): void {
    this.node(code).process.kill('SIGCONT');
    this.paused.delete(code);
  }

  /** Stops every node (SIGTERM, then SIGKILL after a grace period) and closes every proxy. */
  async stop(): Promise<void> {
    for (const code of this.paused) {
      this.running.get(code)?.process.kill('SIGCONT');
    }
    this.paused.clear();
    const nodes = [...this.running.values()];
    this.running.clear();
    await Promise.all(nodes.map((node) => stopNode(node, STOP_GRACE_MS)));
    await Promise.all([...this.links.values()].map((proxy) => proxy.close()));
  }

  private async launch(
    code: string,
    waitUntilReady: boolean,
    env: Record<string, string> = {},
  ): Promise<RunningNode> {
    const spec = this.specOf(code);
    const node = startNode({ ...spec, env: { ...spec.env, ...env } });
    this.running.set(code, node);
    if (waitUntilReady) {
      await waitForStatus(node);
    }
    return node;
  }

  private specOf(code: string): NodeSpec {
    const spec = this.specs.get(code);
    if (!spec) {
      throw new Error(
        `no airline ${code} in this network; airlines: ${[...this.specs.keys()].join(', ')}`,
      );
    }
    return spec;
  }
}

function linkKey(from: string, to: string): string {
  return `${from}>${to}`;
}

function httpUrl(spec: NodeSpec): string {
  return `http://${LOOPBACK}:${spec.httpPort}`;
}
