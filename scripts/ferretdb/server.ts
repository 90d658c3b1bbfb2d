import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** A MongoDB wire-protocol server for tests and benchmarks: a real MongoDB or a local FerretDB. */
export interface MongoTestServer {
  /** Connection string without a database name, e.g. `mongodb://127.0.0.1:27091`. */
  readonly url: string;
  /** `mongodb` when `MONGO_URL` named an external server, `ferretdb` when one was started. */
  readonly kind: 'mongodb' | 'ferretdb';
  stop(): Promise<void>;
}

const FERRETDB_VERSION = 'v1.24.2';

/** Returns where `scripts/ferretdb/build.sh` caches the binary, or `INTERLINE_FERRETDB_BIN`. */
export function ferretdbBinaryPath(): string {
  const explicit = process.env.INTERLINE_FERRETDB_BIN;
  if (explicit) {
    return explicit;
  }
  const cache =
    process.env.INTERLINE_FERRETDB_CACHE ??
    join(
      process.env.XDG_CACHE_HOME ?? join(process.env.HOME ?? tmpdir(), '.cache'),
      'interline',
      'ferretdb',
    );
  return join(cache, FERRETDB_VERSION, 'ferretdb');
}

/**
 * Returns the server the MongoDB tests run against: `MONGO_URL` when it is set, otherwise a
 * FerretDB started on 127.0.0.1:`port` with its SQLite backend in a throwaway directory.
 * The FerretDB binary must have been built (`bash scripts/ferretdb/build.sh`).
 */
export async function startMongoTestServer(port: number): Promise<MongoTestServer> {
  const external = process.env.MONGO_URL;
  if (external) {
    return { url: external.replace(/\/+$/, ''), kind: 'mongodb', stop: async () => undefined };
  }
  const binary = ferretdbBinaryPath();
  if (!existsSync(binary)) {
    throw new Error(
      `FerretDB binary not found at ${binary}. Build it with "bash scripts/ferretdb/build.sh" ` +
        '(needs Go), or set MONGO_URL to a MongoDB server, e.g. mongodb://127.0.0.1:27017.',
    );
  }
  const root = mkdtempSync(join(tmpdir(), 'interline-ferretdb-'));
  const dataDir = join(root, 'data');
  mkdirSync(dataDir);
  const logFd = openSync(join(root, 'ferretdb.log'), 'a');
  const child = spawn(
    binary,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dataDir}/`,
      `--listen-addr=127.0.0.1:${port}`,
      // The debug and metrics listener is not needed; port 0 lets the kernel pick a free one.
      '--debug-addr=127.0.0.1:0',
      `--state-dir=${root}`,
      '--telemetry=disable',
      '--log-level=warn',
    ],
    { stdio: ['ignore', logFd, logFd] },
  );
  closeSync(logFd);
  const exited = new Promise<void>((resolvePromise) => child.once('exit', () => resolvePromise()));
  try {
    await waitForPort(port, child, 15_000);
  } catch (error) {
    await stopChild(child, exited);
    throw new Error(`${String(error)}; see ${join(root, 'ferretdb.log')}`);
  }
  return {
    url: `mongodb://127.0.0.1:${port}`,
    kind: 'ferretdb',
    stop: async () => {
      await stopChild(child, exited);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`FerretDB exited early (${child.exitCode ?? child.signalCode})`);
    }
    const open = await new Promise<boolean>((resolvePromise) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolvePromise(true);
      });
      socket.once('error', () => resolvePromise(false));
    });
    if (open) {
      return;
    }
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 100));
  }
  throw new Error(`FerretDB did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

/** Builds FerretDB when the cached binary is missing; returns its path. */
export function ensureFerretdbBuilt(): string {
  const binary = ferretdbBinaryPath();
  if (existsSync(binary)) {
    return binary;
  }
  const script = resolve(__dirname, '..', '..', '..', 'scripts', 'ferretdb', 'build.sh');
  execFileSync('bash', [existsSync(script) ? script : resolve(__dirname, 'build.sh')], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return binary;
}
