/**
 * Checks docker-compose.yml and the Dockerfile without a Docker engine: the Compose file against
 * the Compose Specification schema, and each airline node's environment through the node's own
 * configuration parser, so the file cannot drift from what the node accepts.
 *
 * INTERLINE_COMPOSE_FILE=<path> checks another copy of the file, e.g. a deliberately broken one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  type AirlineConfig,
  formatConfigProblems,
  parseAirlineConfig,
} from '../../apps/airline/src/config/airline-config';
import { parseNodeAddress } from '../../apps/console/src/settings';
import { DEMO_NODES, HTTP_PORT_BASE_DEFAULT, TCP_PORT_BASE_DEFAULT } from '../local-network';
import {
  type ComposeDocument,
  createComposeValidator,
  interpolateCompose,
  readComposeFile,
} from './testing/compose-file';

const ROOT = join(__dirname, '..', '..');
const COMPOSE_FILE = process.env.INTERLINE_COMPOSE_FILE ?? join(ROOT, 'docker-compose.yml');
/** Test value of the operator's secret: long enough for the parser and free of 'change-me'. */
const TEST_CLUSTER_KEY = 'compose-test-cluster-key-0123456789abcdef';
const MONGODB_PORT = 27017;

type Service = Record<string, unknown>;

const raw = readComposeFile(COMPOSE_FILE);
const { document, unset } = interpolateCompose(raw, { INTERLINE_CLUSTER_KEY: TEST_CLUSTER_KEY });
const validate = createComposeValidator();

function servicesOf(compose: ComposeDocument): Record<string, Service> {
  return (compose.services ?? {}) as Record<string, Service>;
}

function serviceOf(compose: ComposeDocument, name: string): Service {
  const service = servicesOf(compose)[name];
  if (service === undefined) {
    throw new Error(`${COMPOSE_FILE} has no service ${name}`);
  }
  return service;
}

/**
 * Returns the service's environment as a process would see it: Compose passes numbers and
 * booleans as their text, and a key without a value (null) is taken from the shell, which these
 * tests leave empty.
 */
function environmentOf(service: Service): Record<string, string> {
  const declared = service.environment ?? {};
  const entries: [string, unknown][] = Array.isArray(declared)
    ? declared.map((item: string) => {
        const separator = item.indexOf('=');
        return separator < 0 ? [item, null] : [item.slice(0, separator), item.slice(separator + 1)];
      })
    : Object.entries(declared as Record<string, unknown>);
  return Object.fromEntries(
    entries.filter(([, value]) => value !== null).map(([key, value]) => [key, String(value)]),
  );
}

/** Runs the node's configuration parser and records every variable it reads. */
function loadNodeConfig(env: Record<string, string>): {
  config: AirlineConfig | undefined;
  problems: string;
  read: Set<string>;
} {
  const read = new Set<string>();
  const recordingEnv = new Proxy(env, {
    get(target, key) {
      if (typeof key === 'string') {
        read.add(key);
      }
      return target[key as string];
    },
  });
  const result = parseAirlineConfig(recordingEnv);
  return result.ok
    ? { config: result.config, problems: '', read }
    : { config: undefined, problems: formatConfigProblems(result.problems), read };
}

function publishedPorts(service: Service): unknown[] {
  return (service.ports ?? []) as unknown[];
}

/** Returns a deep copy of the interpolated file, for tests that break it on purpose. */
function copyOfDocument(): ComposeDocument {
  return structuredClone(document);
}

const AIRLINES = DEMO_NODES.map((airline, index) => ({
  ...airline,
  service: airline.code.toLowerCase(),
  httpPort: HTTP_PORT_BASE_DEFAULT + index,
  tcpPort: TCP_PORT_BASE_DEFAULT + index,
}));

describe('docker-compose.yml schema', () => {
  it('is valid against the Compose Specification', () => {
    expect(validate(document)).toEqual([]);
  });

  it('rejects an unknown service key', () => {
    const broken = copyOfDocument();
    serviceOf(broken, 'jg').port = ['127.0.0.1:4311:4311'];
    expect(validate(broken).join('\n')).toMatch(/must NOT have additional properties.*"port"/);
  });

  it('rejects an unknown depends_on condition', () => {
    const broken = copyOfDocument();
    serviceOf(broken, 'jg').depends_on = { 'mongo-jg': { condition: 'service_ready' } };
    expect(validate(broken).join('\n')).toMatch(/depends_on/);
  });

  it('rejects a malformed healthcheck interval', () => {
    const broken = copyOfDocument();
    const mongo = serviceOf(broken, 'mongo-jg');
    mongo.healthcheck = { ...(mongo.healthcheck as object), interval: '10 seconds' };
    expect(validate(broken).join('\n')).toMatch(
      /healthcheck\/interval must match format "duration"/,
    );
  });

  it('rejects a malformed port mapping', () => {
    const broken = copyOfDocument();
    serviceOf(broken, 'jg').ports = ['127.0.0.1:4311:web'];
    expect(validate(broken).join('\n')).toMatch(/ports\/0 must match format "ports"/);
  });
});

describe('docker-compose.yml interpolation', () => {
  it('references no variable without a value or default', () => {
    expect(unset).toEqual([]);
  });

  it('refuses to start without INTERLINE_CLUSTER_KEY', () => {
    expect(() => interpolateCompose(raw, {})).toThrow(/INTERLINE_CLUSTER_KEY/);
    expect(() => interpolateCompose(raw, { INTERLINE_CLUSTER_KEY: '' })).toThrow(
      /INTERLINE_CLUSTER_KEY/,
    );
  });

  it.each(AIRLINES.map((airline) => airline.service))(
    'takes the cluster key of %s from the environment',
    (name) => {
      const written = environmentOf(serviceOf(raw, name)).INTERLINE_CLUSTER_KEY;
      expect(written).toMatch(/^\$\{INTERLINE_CLUSTER_KEY:\?[^}]+\}$/);
    },
  );
});

describe.each(AIRLINES)('airline service $service', (airline) => {
  const service = serviceOf(document, airline.service);
  const env = environmentOf(service);
  const loaded = loadNodeConfig(env);

  it('passes the node configuration parser', () => {
    expect(loaded.problems).toBe('');
  });

  it('sets only variables the parser reads', () => {
    const ignored = Object.keys(env).filter(
      (name) => name.startsWith('INTERLINE_') && !loaded.read.has(name),
    );
    expect({ variablesTheParserIgnores: ignored }).toEqual({ variablesTheParserIgnores: [] });
  });

  it('runs the demo airline on its ports', () => {
    expect(loaded.config?.airline).toEqual({ code: airline.code, name: airline.name });
    expect(loaded.config?.http.port).toBe(airline.httpPort);
    expect(loaded.config?.tcp.port).toBe(airline.tcpPort);
  });

  it('binds 0.0.0.0 and advertises its service name', () => {
    expect(loaded.config?.http.host).toBe('0.0.0.0');
    expect(loaded.config?.tcp.host).toBe('0.0.0.0');
    expect(loaded.config?.publicUrl).toBe(`http://${airline.service}:${airline.httpPort}`);
  });

  it('peers with every other airline', () => {
    const others = AIRLINES.filter((other) => other.code !== airline.code).map(
      (other) => `http://${other.service}:${other.httpPort}`,
    );
    expect([...(loaded.config?.seedPeers ?? [])].sort()).toEqual(others.sort());
  });

  it('publishes both ports on 127.0.0.1 only', () => {
    expect(publishedPorts(service)).toEqual([
      `127.0.0.1:${airline.httpPort}:${airline.httpPort}`,
      `127.0.0.1:${airline.tcpPort}:${airline.tcpPort}`,
    ]);
  });

  it('stores its data in its own healthy MongoDB', () => {
    expect(loaded.config?.storage.kind).toBe('mongodb');
    const url = new URL(loaded.config?.storage.mongodbUrl ?? '');
    expect(url.protocol).toBe('mongodb:');
    expect(url.port).toBe(String(MONGODB_PORT));
    expect(url.pathname).toMatch(/^\/[A-Za-z0-9_-]+$/);
    expect(url.hostname).toBe(`mongo-${airline.service}`);
    expect(String(serviceOf(document, url.hostname).image)).toMatch(/^mongo:/);
    expect(service.depends_on).toEqual({ [url.hostname]: { condition: 'service_healthy' } });
  });

  it('has a health check', () => {
    const healthcheck = service.healthcheck as { test?: string[] } | undefined;
    expect(healthcheck?.test?.join(' ')).toContain('/status');
  });
});

describe('docker-compose.yml MongoDB services', () => {
  const mongoServices = Object.entries(servicesOf(document)).filter(([, service]) =>
    String(service.image).startsWith('mongo:'),
  );
  const airlineDatabases = AIRLINES.map((airline) => `mongo-${airline.service}`);

  it('gives each airline its own database server', () => {
    const names = mongoServices.map(([name]) => name);
    expect(names).toEqual(expect.arrayContaining(airlineDatabases));
  });

  it.each(mongoServices)('pins the mongo image version of %s', (_name, service) => {
    expect(service.image).toMatch(/^mongo:\d+\.\d+\.\d+$/);
  });

  it.each(mongoServices)('checks %s health with a mongosh ping', (_name, service) => {
    const test = (service.healthcheck as { test?: string[] } | undefined)?.test ?? [];
    expect(test.slice(0, 2)).toEqual(['CMD', 'mongosh']);
    expect(test.join(' ')).toContain("db.adminCommand('ping')");
  });

  it.each(airlineDatabases)('keeps %s data in a declared named volume', (name) => {
    const volumes = (serviceOf(document, name).volumes ?? []) as string[];
    const declared = Object.keys((document.volumes ?? {}) as object);
    const dataVolume = volumes.find((volume) => volume.endsWith(':/data/db'));
    expect(dataVolume).toBeDefined();
    expect(declared).toContain(dataVolume?.split(':')[0]);
  });

  it('runs no journal-disabling option', () => {
    const commands = mongoServices.map(([, service]) => JSON.stringify(service.command ?? ''));
    expect(commands.join(' ')).not.toMatch(/nojournal/);
  });
});

describe('docker-compose.yml host exposure', () => {
  it.each(Object.entries(servicesOf(document)))('binds %s ports to 127.0.0.1', (_name, service) => {
    for (const port of publishedPorts(service)) {
      expect(String(port)).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
    }
  });
});

describe('docker-compose.yml console service', () => {
  const console = serviceOf(document, 'console');

  it('runs only on request, under a profile', () => {
    expect(console.profiles).toEqual(['console']);
    expect(console.stdin_open).toBe(true);
    expect(console.tty).toBe(true);
  });

  it('starts the console entry point', () => {
    expect(console.entrypoint).toEqual(['node', 'dist/apps/console/src/main.js']);
    expect(existsSync(join(ROOT, 'apps', 'console', 'src', 'main.ts'))).toBe(true);
  });

  it("connects to an airline's gateway", () => {
    const address = parseNodeAddress(environmentOf(console).INTERLINE_NODE ?? '', 'INTERLINE_NODE');
    const airline = AIRLINES.find((candidate) => candidate.service === address.host);
    expect(airline).toBeDefined();
    expect(address.port).toBe(airline?.tcpPort);
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  const ciScript = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
  const runtimeStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

  it('installs and builds as CI does', () => {
    const install = /^npm ci .*$/m.exec(ciScript)?.[0];
    expect(install).toBeDefined();
    expect(dockerfile).toContain(`RUN ${install}`);
    expect(dockerfile).toMatch(/^RUN npm run build\b/m);
  });

  it('runs the node as a non-root user', () => {
    expect(runtimeStage).toMatch(/^USER node$/m);
    expect(runtimeStage).toContain('CMD ["node", "dist/apps/airline/src/main.js"]');
    expect(existsSync(join(ROOT, 'apps', 'airline', 'src', 'main.ts'))).toBe(true);
  });
});
