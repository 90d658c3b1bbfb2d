import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

/** The three demo airlines in launch order; the console opens on the first. */
export const DEMO_NODES = [
  { code: 'JG', name: 'Jangada Linhas Aéreas' },
  { code: 'IP', name: 'Ipê Linhas Aéreas' },
  { code: 'RC', name: 'Araucária Linhas Aéreas' },
] as const;

export const HTTP_PORT_BASE_DEFAULT = 4311;
export const TCP_PORT_BASE_DEFAULT = 4321;
export const LOOPBACK = '127.0.0.1';
const STATUS_WAIT_MS_DEFAULT = 30_000;
const STOP_GRACE_MS = 10_000;

/** Settings a node process starts with. */
export interface NodeSpec {
  code: string;
  name: string;
  httpPort: number;
  tcpPort: number;
  dataDir: string;
  peers: string[];
  clusterKey: string;
  /** Extra environment, e.g. `INTERLINE_LOG_LEVEL`. */
  env?: Record<string, string>;
}

export interface RunningNode {
  spec: NodeSpec;
  process: ChildProcess;
  logFile: string;
  httpUrl: string;
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>;
}

/**
 * Returns the repository root: the nearest ancestor holding both package.json and node_modules.
 * This file runs both compiled (dist/scripts) and from source (scripts, under jest).
 */
export function repositoryRoot(start: string = __dirname): string {
  let directory = start;
  while (!(
    existsSync(join(directory, 'package.json')) && existsSync(join(directory, 'node_modules'))
  )) {
    const parent = dirname(directory);
    if (parent === directory) {
      throw new Error(`no repository root (package.json with node_modules) above ${start}`);
    }
    directory = parent;
  }
  return directory;
}

/** Path of the compiled airline node entry point. */
export function airlineEntryPoint(root: string = repositoryRoot()): string {
  return join(root, 'dist', 'apps', 'airline', 'src', 'main.js');
}

/** Lays out `count` demo nodes on consecutive ports, each peering with all the others. */
export function planDemoNetwork(options: {
  httpPortBase: number;
  tcpPortBase: number;
  dataDir: string;
  clusterKey: string;
  count?: number;
}): NodeSpec[] {
  const airlines = DEMO_NODES.slice(0, options.count ?? DEMO_NODES.length);
  const urls = airlines.map((_, index) => `http://${LOOPBACK}:${options.httpPortBase + index}`);
  return airlines.map((airline, index) => ({
    code: airline.code,
    name: airline.name,
    httpPort: options.httpPortBase + index,
    tcpPort: options.tcpPortBase + index,
    dataDir: join(options.dataDir, airline.code.toLowerCase()),
    peers: urls.filter((_, other) => other !== index),
    clusterKey: options.clusterKey,
  }));
}

/** Returns the environment a node process is configured with. */
export function nodeEnvironment(spec: NodeSpec): Record<string, string> {
  return {
    INTERLINE_AIRLINE_CODE: spec.code,
    INTERLINE_AIRLINE_NAME: spec.name,
    INTERLINE_HTTP_HOST: LOOPBACK,
    INTERLINE_HTTP_PORT: String(spec.httpPort),
    INTERLINE_TCP_HOST: LOOPBACK,
    INTERLINE_TCP_PORT: String(spec.tcpPort),
    INTERLINE_DATA_DIR: spec.dataDir,
    INTERLINE_PEERS: spec.peers.join(','),
    INTERLINE_CLUSTER_KEY: spec.clusterKey,
    ...spec.env,
  };
}

/** Rejects with a clear message when a port on 127.0.0.1 is already taken. */
export async function assertPortFree(port: number, purpose: string): Promise<void> {
  await new Promise<void>((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new Error(
          `${purpose} port ${LOOPBACK}:${port} is not free (${error.code}). Stop whatever uses it ` +
            'or choose other ports with --http-port / --tcp-port.',
        ),
      );
    });
    probe.listen(port, LOOPBACK, () => probe.close(() => resolvePort()));
  });
}

/**
 * Starts one node process in its own process group (so a terminal Ctrl-C reaches only the
 * launcher, which then stops the nodes in order), with stdout and stderr appended to
 * `<dataDir>/node.log`.
 */
export function startNode(spec: NodeSpec, entryPoint: string = airlineEntryPoint()): RunningNode {
  mkdirSync(spec.dataDir, { recursive: true });
  const logFile = join(spec.dataDir, 'node.log');
  // The node writes its log file itself: relaying it through this process would make a busy
  // launcher (or test runner) slow every node down, since writes to a pipe block on Linux.
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, [entryPoint], {
    env: { PATH: process.env.PATH ?? '', ...nodeEnvironment(spec) },
    stdio: ['ignore', log, log],
    detached: true,
  });
  closeSync(log);
  const exited = new Promise<number | string>((resolveExit) => {
    child.once('close', (code, signal) => resolveExit(code ?? signal ?? 'unknown'));
  });
  return { spec, process: child, logFile, httpUrl: `http://${LOOPBACK}:${spec.httpPort}`, exited };
}

/** Polls `GET /status` until it responds 200; rejects if the process exits first or time runs out. */
export async function waitForStatus(
  node: RunningNode,
  timeoutMs: number = STATUS_WAIT_MS_DEFAULT,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | string | undefined;
  void node.exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(
        `node ${node.spec.code} exited with ${exitCode} before responding to /status; see ${node.logFile}`,
      );
    }
    try {
      const response = await fetch(`${node.httpUrl}/status`, {
        signal: AbortSignal.timeout(1_000),
      });
      if (response.ok) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 150));
  }
  throw new Error(
    `node ${node.spec.code} did not respond to ${node.httpUrl}/status within ${timeoutMs} ms; see ${node.logFile}`,
  );
}

/** Sends SIGTERM, waits for a clean exit, and falls back to SIGKILL after a grace period. */
export async function stopNode(
  node: RunningNode,
  graceMs: number = STOP_GRACE_MS,
): Promise<number | string> {
  if (node.process.exitCode !== null || node.process.signalCode !== null) {
    return node.exited;
  }
  node.process.kill('SIGTERM');
  const timer = setTimeout(() => node.process.kill('SIGKILL'), graceMs);
  try {
    return await node.exited;
  } finally {
    clearTimeout(timer);
  }
}
