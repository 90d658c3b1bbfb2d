import { PORT_BLOCKS, TEST_CLUSTER_KEY, TestCluster, readLog } from './support/cluster';
import { inventory, referenceFlightIds, tomorrow } from './support/purchase';
import { signedJson } from './support/signing';
import { type ClusterStorage, startClusterStorage } from './support/storage';

/** A port in the MongoDB suites' range where no server listens. */
const UNREACHABLE_MONGODB_PORT = 29_019;
/** The FerretDB of the restart test. */
const RESTART_MONGODB_PORT = 29_018;

describe('airline node on an unreachable MongoDB', () => {
  const cluster = TestCluster.create('mongodb-boot');

  afterAll(async () => {
    await cluster.dispose();
  });

  it('exits with status 74 naming the redacted URL', async () => {
    const [spec] = cluster.plan(PORT_BLOCKS.mongodbBoot, 1, {
      INTERLINE_PEERS: '',
      INTERLINE_SEED_DEMO: 'false',
      INTERLINE_STORAGE: 'mongodb',
      INTERLINE_MONGODB_URL: `mongodb://app:s3cret@127.0.0.1:${UNREACHABLE_MONGODB_PORT}/interline-jg`,
    });

    const node = cluster.launch(spec);

    expect(await node.exited).toBe(74);
    const log = readLog(node);
    expect(log).toContain('Node not started: the database cannot be opened');
    expect(log).toContain(`mongodb://app:***@127.0.0.1:${UNREACHABLE_MONGODB_PORT}/interline-jg`);
    expect(log).toContain('fix INTERLINE_MONGODB_URL');
    expect(log).not.toContain('s3cret');
    expect(log).not.toContain('Retrying');
  }, 30_000);
});

// A restart re-seeds the demo timetable over the stored one; on FerretDB one large bulk write of
// that re-seed once stopped the server from answering, so the node never started again.
describe('airline node restarted on its MongoDB database', () => {
  const cluster = TestCluster.create('mongodb-restart');
  let storage: ClusterStorage;

  beforeAll(async () => {
    storage = await startClusterStorage('mongodb', RESTART_MONGODB_PORT);
  });

  afterAll(async () => {
    await cluster.dispose();
    await storage?.stop();
  });

  it('starts again and keeps held seats', async () => {
    const [spec] = storage.configure(
      cluster.plan(PORT_BLOCKS.mongodbBoot, 1, { INTERLINE_PEERS: '' }),
    );
    const flightId = referenceFlightIds(tomorrow())[0];
    const [first] = await cluster.start([spec]);
    const held = await signedJson(TEST_CLUSTER_KEY, first.httpUrl, 'POST', '/v1/test-hooks/holds', {
      flightId,
      seats: 3,
    });
    expect(held.status).toBe(201);
    await cluster.stop(first);

    const [again] = await cluster.start([spec]);

    const flight = await inventory(again, flightId);
    expect(flight.seatsHeld).toBe(3);
    expect(flight.seatsSold + flight.seatsHeld + flight.seatsAvailable).toBe(flight.capacity);
  }, 120_000);
});
