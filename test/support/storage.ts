import { type MongoTestServer, startMongoTestServer } from '../../scripts/ferretdb/server';
import type { NodeSpec } from '../../scripts/local-network';

/** Storage adapters the end-to-end suites run against. */
export type StorageKind = 'sqlite' | 'mongodb';

/** The storage of a test cluster's nodes; `stop()` releases it after the nodes stopped. */
export interface ClusterStorage {
  kind: StorageKind;
  /** Returns the specs with each node's storage settings added. */
  configure(specs: NodeSpec[]): NodeSpec[];
  stop(): Promise<void>;
}

/**
 * Starts the storage of a cluster. `sqlite` needs nothing: each node keeps its file in its data
 * directory. `mongodb` starts one FerretDB on 127.0.0.1:`mongoPort` (or uses `MONGO_URL`) and
 * gives every node a database of its own on it, named after its airline.
 */
export async function startClusterStorage(
  kind: StorageKind,
  mongoPort: number,
): Promise<ClusterStorage> {
  if (kind === 'sqlite') {
    return { kind, configure: (specs) => specs, stop: async () => undefined };
  }
  const server: MongoTestServer = await startMongoTestServer(mongoPort);
  const suffix = `${process.pid}-${mongoPort}`;
  return {
    kind,
    configure: (specs) =>
      specs.map((spec) => ({
        ...spec,
        env: {
          ...spec.env,
          INTERLINE_STORAGE: 'mongodb',
          INTERLINE_MONGODB_URL: `${server.url}/interline-${spec.code.toLowerCase()}-${suffix}`,
        },
      })),
    stop: () => server.stop(),
  };
}
