import { resolve } from 'node:path';

import { parseMongodbUrl, redactMongodbUrl } from '@interline/persistence/mongodb/mongo-url';

/** Log levels in increasing verbosity. */
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Validated, frozen configuration of one airline node. */
export interface AirlineConfig {
  readonly airline: { readonly code: string; readonly name: string };
  readonly http: { readonly host: string; readonly port: number };
  readonly tcp: { readonly host: string; readonly port: number };
  readonly dataDir: string;
  /**
   * Where the repositories live: the SQLite file in `dataDir`, or the MongoDB database named by
   * `mongodbUrl` (null unless `kind` is `mongodb`). The URL may hold a password: never log it.
   */
  readonly storage: { readonly kind: StorageKind; readonly mongodbUrl: string | null };
  /** Base URLs of the peers this node contacts at start, e.g. `http://127.0.0.1:4312`. */
  readonly seedPeers: readonly string[];
  /** Shared secret for signing inter-node requests. Never logged or returned by an endpoint. */
  readonly clusterKey: string;
  readonly logLevel: LogLevel;
  readonly sessionTtlMinutes: number;
  /** When true the node loads its airline's flights from the bundled demo timetable. */
  readonly seedDemoNetwork: boolean;
  /** How many days of flights, starting today, the demo timetable is expanded into. */
  readonly seedDays: number;
  /** Base URL other nodes use to reach this node's HTTP API; advertised in link-state messages. */
  readonly publicUrl: string;
  readonly linkState: {
    /** Interval between hellos to each neighbour. */
    readonly helloIntervalMs: number;
    /** A neighbour not heard from for this long is considered down; more than the hello interval. */
    readonly deadIntervalMs: number;
    /** Own seat changes are batched into at most one update per this interval. */
    readonly updateBatchIntervalMs: number;
  };
  readonly search: {
    readonly minConnectionMs: number;
    /** Per-airport minimum connection times that replace `minConnectionMs`. */
    readonly minConnectionMsByAirport: Readonly<Record<string, number>>;
    readonly maxLayoverMs: number;
  };
  readonly transactions: {
    /** The coordinator aborts a transaction whose votes are not all in by then. */
    readonly prepareTimeoutMs: number;
    /** How long a purchase keeps retrying after `BUSY` before the passenger gets an answer. */
    readonly purchaseTimeoutMs: number;
    /** Longest wait of an older purchase for seats held by younger ones (wait-die). */
    readonly waitMaxMs: number;
    /** Three-digit prefix of this airline's ticket numbers. */
    readonly ticketPrefix: string;
    /** Transactions this node coordinates at once on one flight; more wait, oldest first. */
    readonly perFlightMax: number;
  };
  /** Enables `/v1/test-hooks/*`, used by end-to-end tests and benchmarks; never in production. */
  readonly testHooks: boolean;
  /**
   * Named protocol steps at which the process kills itself with SIGKILL, for crash tests. Only
   * accepted together with `testHooks`; empty otherwise.
   */
  readonly crashPoints: readonly string[];
  /**
   * Replacement base URLs for peers, keyed by the peer's public URL, for fault-injection tests
   * that put a proxy on each link. Only accepted together with `testHooks`; empty otherwise.
   */
  readonly testPeerRoutes: Readonly<Record<string, string>>;
}

export const CLUSTER_KEY_LENGTH_MIN = 32;
/**
 * Longest seed window. The busiest demo airline flies about 70 flights a day, and its whole
 * window must fit in one link-state advertisement (at most 20,000 flights).
 */
export const SEED_DAYS_MAX = 180;
/** Time kept between the end of a seat wait and the prepare deadline. */
export const SEAT_WAIT_MARGIN_MS = 250;

/** Storage adapters a node can use (see `INTERLINE_STORAGE`). */
export const STORAGE_KINDS = ['sqlite', 'mongodb'] as const;
export type StorageKind = (typeof STORAGE_KINDS)[number];

/** Protocol steps at which a test can make the node kill itself (see `INTERLINE_TEST_CRASH_POINTS`). */
export const CRASH_POINTS = [
  'coordinator.before-decision',
  'coordinator.after-decision',
  'coordinator.after-first-decision-acknowledged',
  'coordinator.during-recovery',
  'participant.after-prepare',
  'participant.after-vote',
  'participant.during-recovery',
] as const;
export type CrashPointName = (typeof CRASH_POINTS)[number];

/**
 * A stable three-digit ticket prefix for airlines that set none: real carriers have an assigned
 * numeric code; here it is derived from the two-character airline code.
 */
export function defaultTicketPrefix(code: string): string {
  const value = [...code].reduce((sum, char) => sum * 36 + parseInt(char, 36), 0);
  return String(100 + (value % 900));
}

function parseCrashPoints(value: string): string[] | undefined {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return names.every((name) => (CRASH_POINTS as readonly string[]).includes(name))
    ? names
    : undefined;
}

/** Parses `<peer URL>=<URL to use instead>` pairs; undefined when any pair is invalid. */
function parsePeerRoutes(value: string): Record<string, string> | undefined {
  const routes: Record<string, string> = {};
  for (const pair of value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)) {
    const [peer, replacement, ...rest] = pair.split('=');
    const peerUrl = peer === undefined ? undefined : parsePeerList(peer)?.[0];
    const replacementUrl = replacement === undefined ? undefined : parsePeerList(replacement)?.[0];
    if (rest.length > 0 || peerUrl === undefined || replacementUrl === undefined) {
      return undefined;
    }
    routes[peerUrl] = replacementUrl;
  }
  return routes;
}

/** Marker of the example key in config/*.env; a node rejects a key containing it. */
export const CLUSTER_KEY_PLACEHOLDER = 'change-me';

/** One invalid or missing environment variable. */
export interface ConfigProblem {
  variable: string;
  /** The value as given, or a redacted description for secrets. */
  value: string | undefined;
  expected: string;
}

export type ConfigResult =
  { ok: true; config: AirlineConfig } | { ok: false; problems: ConfigProblem[] };

type Env = Readonly<Record<string, string | undefined>>;

const HOST_PATTERN = /^(?:\d{1,3}(?:\.\d{1,3}){3}|\[?[0-9a-fA-F:]+\]?|[A-Za-z0-9.-]+)$/;

/**
 * Parses the node's environment. Every variable is checked and every problem reported, so an
 * operator fixes them all in one pass. The result is deeply frozen.
 */
export function parseAirlineConfig(env: Env): ConfigResult {
  const problems: ConfigProblem[] = [];
  const reader = new EnvReader(env, problems);

  const code = reader.required(
    'INTERLINE_AIRLINE_CODE',
    'a two-character airline code of capital letters or digits, e.g. JG',
    (value) => (/^[A-Z0-9]{2}$/.test(value) ? value : undefined),
  );
  const name = reader.required(
    'INTERLINE_AIRLINE_NAME',
    'the airline name, 1 to 80 characters',
    (value) => (value.trim().length > 0 && value.trim().length <= 80 ? value.trim() : undefined),
  );
  const httpHost = reader.optional(
    'INTERLINE_HTTP_HOST',
    '127.0.0.1',
    'a host name or IP address to bind, e.g. 127.0.0.1',
    parseHost,
  );
  const httpPort = reader.required(
    'INTERLINE_HTTP_PORT',
    'a TCP port number from 1 to 65535, e.g. 4311',
    parsePort,
  );
  const tcpHost = reader.optional(
    'INTERLINE_TCP_HOST',
    '127.0.0.1',
    'a host name or IP address to bind, e.g. 127.0.0.1',
    parseHost,
  );
  const tcpPort = reader.required(
    'INTERLINE_TCP_PORT',
    'a TCP port number from 1 to 65535, e.g. 4321',
    parsePort,
  );
  const dataDir = reader.required(
    'INTERLINE_DATA_DIR',
    "a directory path for this node's database, e.g. ./data/jg",
    (value) => (value.trim().length > 0 ? resolve(value.trim()) : undefined),
  );
  const storageKind = reader.optional(
    'INTERLINE_STORAGE',
    'sqlite',
    `one of ${STORAGE_KINDS.join(', ')}`,
    (value) =>
      (STORAGE_KINDS as readonly string[]).includes(value) ? (value as StorageKind) : undefined,
  );
  const mongodbUrl = reader.credentialUrl(
    'INTERLINE_MONGODB_URL',
    'a mongodb:// URL that names the database, e.g. mongodb://127.0.0.1:27017/interline-jg',
    (value) => (parseMongodbUrl(value) ? value : undefined),
    redactMongodbUrl,
  );
  const seedPeers = reader.optional(
    'INTERLINE_PEERS',
    [],
    'a comma-separated list of peer base URLs, e.g. http://127.0.0.1:4312,http://127.0.0.1:4313',
    parsePeerList,
  );
  const clusterKey = reader.secret(
    'INTERLINE_CLUSTER_KEY',
    `a random shared secret of at least ${CLUSTER_KEY_LENGTH_MIN} characters, the same on every node, not the '${CLUSTER_KEY_PLACEHOLDER}' example`,
    (value) =>
      value.length >= CLUSTER_KEY_LENGTH_MIN && !value.includes(CLUSTER_KEY_PLACEHOLDER)
        ? value
        : undefined,
  );
  const logLevel = reader.optional(
    'INTERLINE_LOG_LEVEL',
    'info',
    `one of ${LOG_LEVELS.join(', ')}`,
    (value) =>
      (LOG_LEVELS as readonly string[]).includes(value) ? (value as LogLevel) : undefined,
  );
  const sessionTtlMinutes = reader.optional(
    'INTERLINE_SESSION_TTL_MINUTES',
    720,
    'a whole number of minutes from 5 to 43200 (30 days)',
    (value) => parseIntegerInRange(value, 5, 43_200),
  );
  const seedDemoNetwork = reader.optional(
    'INTERLINE_SEED_DEMO',
    true,
    'true or false',
    parseBoolean,
  );
  const seedDays = reader.optional(
    'INTERLINE_SEED_DAYS',
    30,
    `a whole number of days from 1 to ${SEED_DAYS_MAX}`,
    (value) => parseIntegerInRange(value, 1, SEED_DAYS_MAX),
  );
  const publicUrl = reader.optional(
    'INTERLINE_PUBLIC_URL',
    undefined as string | undefined,
    'the base URL peers use to reach this node, e.g. http://10.0.0.5:4311',
    (value) => parsePeerList(value)?.[0],
  );
  const helloIntervalMs = reader.optional(
    'INTERLINE_HELLO_INTERVAL_MS',
    1_000,
    'a whole number of milliseconds from 50 to 60000',
    (value) => parseIntegerInRange(value, 50, 60_000),
  );
  const deadIntervalMs = reader.optional(
    'INTERLINE_DEAD_INTERVAL_MS',
    4_000,
    'a whole number of milliseconds from 150 to 600000',
    (value) => parseIntegerInRange(value, 150, 600_000),
  );
  const updateBatchIntervalMs = reader.optional(
    'INTERLINE_UPDATE_BATCH_MS',
    50,
    'a whole number of milliseconds from 0 to 10000',
    (value) => parseIntegerInRange(value, 0, 10_000),
  );
  const minConnectionMinutes = reader.optional(
    'INTERLINE_MIN_CONNECTION_MINUTES',
    45,
    'a whole number of minutes from 10 to 600',
    (value) => parseIntegerInRange(value, 10, 600),
  );
  const minConnectionByAirport = reader.optional(
    'INTERLINE_MIN_CONNECTION_BY_AIRPORT',
    {} as Record<string, number>,
    'comma-separated IATA=minutes pairs with minutes from 10 to 600, e.g. GRU=60,CGH=40',
    parseConnectionOverrides,
  );
  const maxLayoverMinutes = reader.optional(
    'INTERLINE_MAX_LAYOVER_MINUTES',
    720,
    'a whole number of minutes from 60 to 2880',
    (value) => parseIntegerInRange(value, 60, 2_880),
  );
  const testHooks = reader.optional('INTERLINE_TEST_HOOKS', false, 'true or false', parseBoolean);
  const prepareTimeoutMs = reader.optional(
    'INTERLINE_PREPARE_TIMEOUT_MS',
    3_000,
    'a whole number of milliseconds from 500 to 60000',
    (value) => parseIntegerInRange(value, 500, 60_000),
  );
  const purchaseTimeoutMs = reader.optional(
    'INTERLINE_PURCHASE_TIMEOUT_MS',
    20_000,
    'a whole number of milliseconds from 1000 to 120000',
    (value) => parseIntegerInRange(value, 1_000, 120_000),
  );
  const waitMaxMs = reader.optional(
    'INTERLINE_SEAT_WAIT_MAX_MS',
    200,
    'a whole number of milliseconds from 10 to 30000',
    (value) => parseIntegerInRange(value, 10, 30_000),
  );
  const transactionsPerFlightMax = reader.optional(
    'INTERLINE_TRANSACTIONS_PER_FLIGHT_MAX',
    8,
    'a whole number of transactions from 1 to 1000',
    (value) => parseIntegerInRange(value, 1, 1_000),
  );
  const ticketPrefix = reader.optional(
    'INTERLINE_TICKET_PREFIX',
    undefined as string | undefined,
    'three digits, e.g. 957',
    (value) => (/^\d{3}$/.test(value) ? value : undefined),
  );
  const crashPoints = reader.optional(
    'INTERLINE_TEST_CRASH_POINTS',
    [] as string[],
    `a comma-separated list of crash point names: ${CRASH_POINTS.join(', ')}`,
    parseCrashPoints,
  );
  const testPeerRoutes = reader.optional(
    'INTERLINE_TEST_PEER_ROUTES',
    {} as Record<string, string>,
    'comma-separated <peer URL>=<URL to use instead> pairs, e.g. http://127.0.0.1:4312=http://127.0.0.1:29511',
    parsePeerRoutes,
  );

  if (
    httpPort !== undefined &&
    tcpPort !== undefined &&
    httpPort === tcpPort &&
    httpHost === tcpHost
  ) {
    problems.push({
      variable: 'INTERLINE_TCP_PORT',
      value: String(tcpPort),
      expected: `a port different from INTERLINE_HTTP_PORT (${httpPort}) on the same host`,
    });
  }

  if (
    helloIntervalMs !== undefined &&
    deadIntervalMs !== undefined &&
    deadIntervalMs <= 2 * helloIntervalMs
  ) {
    problems.push({
      variable: 'INTERLINE_DEAD_INTERVAL_MS',
      value: String(deadIntervalMs),
      expected: `more than twice INTERLINE_HELLO_INTERVAL_MS (${helloIntervalMs}), so one lost hello does not mark a peer down`,
    });
  }
  if (crashPoints !== undefined && crashPoints.length > 0 && testHooks !== true) {
    problems.push({
      variable: 'INTERLINE_TEST_CRASH_POINTS',
      value: crashPoints.join(','),
      expected: 'empty unless INTERLINE_TEST_HOOKS is true (crash points are for tests only)',
    });
  }
  if (
    testPeerRoutes !== undefined &&
    Object.keys(testPeerRoutes).length > 0 &&
    testHooks !== true
  ) {
    problems.push({
      variable: 'INTERLINE_TEST_PEER_ROUTES',
      value: env.INTERLINE_TEST_PEER_ROUTES,
      expected: 'empty unless INTERLINE_TEST_HOOKS is true (peer routes are for tests only)',
    });
  }
  if (
    prepareTimeoutMs !== undefined &&
    purchaseTimeoutMs !== undefined &&
    purchaseTimeoutMs <= prepareTimeoutMs
  ) {
    problems.push({
      variable: 'INTERLINE_PURCHASE_TIMEOUT_MS',
      value: String(purchaseTimeoutMs),
      expected: `more than INTERLINE_PREPARE_TIMEOUT_MS (${prepareTimeoutMs}), so at least one attempt can finish`,
    });
  }
  if (
    prepareTimeoutMs !== undefined &&
    waitMaxMs !== undefined &&
    waitMaxMs + SEAT_WAIT_MARGIN_MS >= prepareTimeoutMs
  ) {
    problems.push({
      variable: 'INTERLINE_SEAT_WAIT_MAX_MS',
      value: String(waitMaxMs),
      expected: `less than INTERLINE_PREPARE_TIMEOUT_MS minus ${SEAT_WAIT_MARGIN_MS} (${prepareTimeoutMs - SEAT_WAIT_MARGIN_MS}), so a waiting vote still arrives in time`,
    });
  }
  if (storageKind === 'mongodb' && mongodbUrl === null) {
    problems.push({
      variable: 'INTERLINE_MONGODB_URL',
      value: undefined,
      expected:
        'a mongodb:// URL that names the database, e.g. mongodb://127.0.0.1:27017/interline-jg, ' +
        'required when INTERLINE_STORAGE is mongodb',
    });
  }
  if (storageKind === 'sqlite' && typeof mongodbUrl === 'string') {
    problems.push({
      variable: 'INTERLINE_MONGODB_URL',
      value: JSON.stringify(redactMongodbUrl(mongodbUrl)),
      expected: 'unset unless INTERLINE_STORAGE is mongodb (the node would not use it)',
    });
  }
  if (publicUrl === undefined && httpHost !== undefined && ['0.0.0.0', '::'].includes(httpHost)) {
    problems.push({
      variable: 'INTERLINE_PUBLIC_URL',
      value: undefined,
      expected: `the URL peers use to reach this node, required when INTERLINE_HTTP_HOST is ${httpHost}`,
    });
  }

  if (problems.length > 0) {
    return { ok: false, problems };
  }

  const config: AirlineConfig = {
    airline: { code: code!, name: name! },
    http: { host: httpHost!, port: httpPort! },
    tcp: { host: tcpHost!, port: tcpPort! },
    dataDir: dataDir!,
    storage: { kind: storageKind!, mongodbUrl: storageKind === 'mongodb' ? mongodbUrl! : null },
    seedPeers: seedPeers!,
    clusterKey: clusterKey!,
    logLevel: logLevel!,
    sessionTtlMinutes: sessionTtlMinutes!,
    seedDemoNetwork: seedDemoNetwork!,
    seedDays: seedDays!,
    publicUrl: publicUrl ?? `http://${formatHostForUrl(httpHost!)}:${httpPort!}`,
    linkState: {
      helloIntervalMs: helloIntervalMs!,
      deadIntervalMs: deadIntervalMs!,
      updateBatchIntervalMs: updateBatchIntervalMs!,
    },
    search: {
      minConnectionMs: minConnectionMinutes! * 60_000,
      minConnectionMsByAirport: Object.fromEntries(
        Object.entries(minConnectionByAirport!).map(([iata, minutes]) => [iata, minutes * 60_000]),
      ),
      maxLayoverMs: maxLayoverMinutes! * 60_000,
    },
    transactions: {
      prepareTimeoutMs: prepareTimeoutMs!,
      purchaseTimeoutMs: purchaseTimeoutMs!,
      waitMaxMs: waitMaxMs!,
      ticketPrefix: ticketPrefix ?? defaultTicketPrefix(code!),
      perFlightMax: transactionsPerFlightMax!,
    },
    testHooks: testHooks!,
    crashPoints: crashPoints!,
    testPeerRoutes: testPeerRoutes!,
  };
  return { ok: true, config: deepFreeze(config) };
}

/** Formats config problems as the message printed before the process exits. */
export function formatConfigProblems(problems: readonly ConfigProblem[]): string {
  const lines = problems.map((problem) => {
    const finding =
      problem.value === undefined ? 'is missing' : `has invalid value ${problem.value}`;
    return `  - ${problem.variable} ${finding}; expected ${problem.expected}.`;
  });
  return [
    `Invalid configuration: ${problems.length} problem(s). Set these environment variables and start again:`,
    ...lines,
  ].join('\n');
}

class EnvReader {
  constructor(
    private readonly env: Env,
    private readonly problems: ConfigProblem[],
  ) {}

  required<T>(
    variable: string,
    expected: string,
    parse: (value: string) => T | undefined,
  ): T | undefined {
    const raw = this.env[variable];
    if (raw === undefined || raw.trim() === '') {
      this.problems.push({ variable, value: undefined, expected });
      return undefined;
    }
    return this.parse(variable, raw, expected, parse);
  }

  optional<T>(
    variable: string,
    fallback: T,
    expected: string,
    parse: (value: string) => T | undefined,
  ): T | undefined {
    const raw = this.env[variable];
    if (raw === undefined || raw.trim() === '') {
      return fallback;
    }
    return this.parse(variable, raw, expected, parse);
  }

  /** Like `required`, but a rejected value is described by its length only. */
  secret(
    variable: string,
    expected: string,
    parse: (value: string) => string | undefined,
  ): string | undefined {
    const raw = this.env[variable];
    if (raw === undefined || raw === '') {
      this.problems.push({ variable, value: undefined, expected });
      return undefined;
    }
    const parsed = parse(raw);
    if (parsed === undefined) {
      this.problems.push({ variable, value: `(secret of ${raw.length} characters)`, expected });
    }
    return parsed;
  }

  /**
   * Reads an optional URL that may hold a password: null when unset, undefined when invalid. A
   * rejected value is shown through `redact`.
   */
  credentialUrl(
    variable: string,
    expected: string,
    parse: (value: string) => string | undefined,
    redact: (value: string) => string,
  ): string | null | undefined {
    const raw = this.env[variable];
    if (raw === undefined || raw.trim() === '') {
      return null;
    }
    const parsed = parse(raw.trim());
    if (parsed === undefined) {
      this.problems.push({ variable, value: JSON.stringify(redact(raw)), expected });
    }
    return parsed;
  }

  private parse<T>(
    variable: string,
    raw: string,
    expected: string,
    parse: (value: string) => T | undefined,
  ): T | undefined {
    const parsed = parse(raw.trim());
    if (parsed === undefined) {
      this.problems.push({ variable, value: JSON.stringify(raw), expected });
    }
    return parsed;
  }
}

function parsePort(value: string): number | undefined {
  return parseIntegerInRange(value, 1, 65_535);
}

function parseIntegerInRange(value: string, min: number, max: number): number | undefined {
  if (!/^\d+$/.test(value)) {
    return undefined;
  }
  const parsed = Number(value);
  return parsed >= min && parsed <= max ? parsed : undefined;
}

function parseBoolean(value: string): boolean | undefined {
  const lowered = value.toLowerCase();
  if (['true', '1', 'yes'].includes(lowered)) {
    return true;
  }
  if (['false', '0', 'no'].includes(lowered)) {
    return false;
  }
  return undefined;
}

function parseHost(value: string): string | undefined {
  return HOST_PATTERN.test(value) ? value.replace(/^\[(.*)\]$/, '$1') : undefined;
}

function parsePeerList(value: string): string[] | undefined {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  const peers: string[] = [];
  for (const entry of entries) {
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      return undefined;
    }
    if (
      (url.protocol !== 'http:' && url.protocol !== 'https:') ||
      url.pathname !== '/' ||
      url.search !== ''
    ) {
      return undefined;
    }
    peers.push(url.origin);
  }
  return [...new Set(peers)];
}

function parseConnectionOverrides(value: string): Record<string, number> | undefined {
  const overrides: Record<string, number> = {};
  for (const pair of value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)) {
    const match = /^([A-Z]{3})=(\d+)$/.exec(pair);
    const minutes = match ? parseIntegerInRange(match[2], 10, 600) : undefined;
    if (!match || minutes === undefined) {
      return undefined;
    }
    overrides[match[1]] = minutes;
  }
  return overrides;
}

function formatHostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const nested of Object.values(value)) {
      deepFreeze(nested);
    }
  }
  return value;
}
