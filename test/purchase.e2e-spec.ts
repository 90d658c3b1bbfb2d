import type {
  GatewayErrorBody,
  ListBookingsResponse,
  PurchaseResponse,
} from '@interline/contracts';

import type { RunningNode } from '../scripts/local-network';
import { getJson, PORT_BLOCKS, TEST_CLUSTER_KEY, TestCluster } from './support/cluster';
import { TestGatewayClient } from './support/gateway-client';
import { signedJson } from './support/signing';
import {
  expectSettled,
  logIn,
  newIdempotencyKey,
  purchase,
  referenceFlightIds,
  registerAndLogIn,
  tomorrow,
} from './support/purchase';
import { type ClusterStorage, startClusterStorage, type StorageKind } from './support/storage';

/** The suite runs once per storage adapter, each on its own ports. */
const STORAGES: Array<{
  kind: StorageKind;
  ports: { http: number; tcp: number };
  mongoPort: number;
}> = [
  { kind: 'sqlite', ports: PORT_BLOCKS.purchase, mongoPort: 0 },
  { kind: 'mongodb', ports: PORT_BLOCKS.purchaseMongodb, mongoPort: 29_016 },
];

describe.each(STORAGES)(
  'atomic purchase across three airlines on $kind',
  ({ kind, ports, mongoPort }) => {
    const cluster = TestCluster.create(`purchase-${kind}`);
    let storage: ClusterStorage;
    const date = tomorrow();
    const [jgFlight, ipFlight, rcFlight] = referenceFlightIds(date);
    let jg: RunningNode;
    let ip: RunningNode;
    let rc: RunningNode;
    let ipGateway: TestGatewayClient;
    let rcGateway: TestGatewayClient;
    let token: string;

    const settledEverywhere = async () => ({
      jg: await expectSettled(jg, jgFlight),
      ip: await expectSettled(ip, ipFlight),
      rc: await expectSettled(rc, rcFlight),
    });

    beforeAll(async () => {
      storage = await startClusterStorage(kind, mongoPort);
      [jg, ip, rc] = await cluster.start(storage.configure(cluster.plan(ports)));
      ipGateway = new TestGatewayClient(ip.spec.tcpPort);
      rcGateway = new TestGatewayClient(rc.spec.tcpPort);
      token = await registerAndLogIn(ipGateway, 'maria.purchase@example.com');
    });

    afterAll(async () => {
      ipGateway?.close();
      rcGateway?.close();
      await cluster.dispose();
      await storage?.stop();
    });

    it('runs every node on the storage under test', async () => {
      for (const node of [jg, ip, rc]) {
        const status = await getJson<{ storage: { engine: string; status: string } }>(
          `${node.httpUrl}/status`,
        );
        expect(status.body.storage).toMatchObject({ engine: kind, status: 'ok' });
      }
    });

    it('sells the reference itinerary on all three airlines', async () => {
      const response = await purchase(
        ipGateway,
        token,
        [jgFlight, ipFlight, rcFlight],
        ['Maria Souza', 'João Souza'],
      );

      expect(response.replayed).toBe(false);
      expect(response.booking.status).toBe('CONFIRMED');
      expect(response.booking.locator).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
      expect(response.booking.soldBy.code).toBe('IP');
      expect(response.booking.segments.map((segment) => segment.airline.code)).toEqual([
        'JG',
        'IP',
        'RC',
      ]);
      for (const segment of response.booking.segments) {
        expect(segment.coupons).toHaveLength(2);
      }
      const settled = await settledEverywhere();
      expect([settled.jg.seatsSold, settled.ip.seatsSold, settled.rc.seatsSold]).toEqual([2, 2, 2]);
    });

    it('returns the first booking when the idempotency key is repeated', async () => {
      const key = newIdempotencyKey();
      const first = await purchase(
        ipGateway,
        token,
        [jgFlight, ipFlight, rcFlight],
        ['Ana Lima'],
        key,
      );
      const again = await purchase(
        ipGateway,
        token,
        [jgFlight, ipFlight, rcFlight],
        ['Ana Lima'],
        key,
      );

      expect(again.replayed).toBe(true);
      expect(again.booking.locator).toBe(first.booking.locator);
      const reused = await ipGateway.error('bookings.purchase', {
        token,
        idempotencyKey: key,
        flightIds: [jgFlight],
        passengers: ['Ana Lima'],
      });
      expect(reused.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect((await settledEverywhere()).jg.seatsSold).toBe(3);
    });

    it('returns the first booking when the key is retried on another node', async () => {
      const key = newIdempotencyKey();
      const first = await purchase(ipGateway, token, [jgFlight, ipFlight], ['Rita Alves'], key);
      const before = await expectSettled(jg, jgFlight);
      const rcToken = await logIn(rcGateway, 'maria.purchase@example.com');

      const again = await purchase(rcGateway, rcToken, [jgFlight, ipFlight], ['Rita Alves'], key);

      expect(again.replayed).toBe(true);
      expect(again.booking.locator).toBe(first.booking.locator);
      expect(again.booking.soldBy.code).toBe('IP');
      expect((await expectSettled(jg, jgFlight)).seatsSold).toBe(before.seatsSold);
    });

    it('sells nothing anywhere when one leg is sold out', async () => {
      const before = await expectSettled(rc, rcFlight);
      // Fill the Curitiba–Belém leg except one seat, then ask for two.
      const filler = await registerAndLogIn(rcGateway, 'filler@example.com', 'Filler Passenger');
      const fillerPassengers = Array.from(
        { length: 9 },
        (_, index) => `Filler ${'ABCDEFGHI'[index]}`,
      );
      let free = before.seatsAvailable;
      while (free - 1 >= 9) {
        await purchase(rcGateway, filler, [rcFlight], fillerPassengers);
        free -= 9;
      }
      while (free > 1) {
        await purchase(rcGateway, filler, [rcFlight], ['Filler Z']);
        free -= 1;
      }
      const jgBefore = await expectSettled(jg, jgFlight);

      const error: GatewayErrorBody = await ipGateway.error('bookings.purchase', {
        token,
        idempotencyKey: newIdempotencyKey(),
        flightIds: [jgFlight, ipFlight, rcFlight],
        passengers: ['Maria Souza', 'João Souza'],
      });

      expect(error.code).toBe('SOLD_OUT');
      expect(error.flightIds).toEqual([rcFlight]);
      const settled = await settledEverywhere();
      expect(settled.jg.seatsSold).toBe(jgBefore.seatsSold);
      expect(settled.rc.seatsAvailable).toBe(1);
    });

    it('shows the passenger bookings sold by another node after logging in there', async () => {
      const rcToken = await logIn(rcGateway, 'maria.purchase@example.com');
      const listing = await rcGateway.send<ListBookingsResponse>('bookings.list', {
        token: rcToken,
      });

      expect(listing.unreachableAirlines).toEqual([]);
      expect(listing.bookings.length).toBeGreaterThanOrEqual(2);
      expect(listing.bookings.every((booking) => booking.soldBy.code === 'IP')).toBe(true);
    });

    it('cancels from another node and returns the seats on every airline', async () => {
      const bought = await purchase(ipGateway, token, [jgFlight, ipFlight], ['Carlos Dias']);
      const before = {
        jg: await expectSettled(jg, jgFlight),
        ip: await expectSettled(ip, ipFlight),
      };
      const rcToken = await logIn(rcGateway, 'maria.purchase@example.com');

      const cancelled = await rcGateway.send<{
        booking: PurchaseResponse['booking'];
        alreadyCancelled: boolean;
      }>('bookings.cancel', { token: rcToken, locator: bought.booking.locator });

      expect(cancelled.alreadyCancelled).toBe(false);
      expect(cancelled.booking.status).toBe('CANCELLED');
      const after = {
        jg: await expectSettled(jg, jgFlight),
        ip: await expectSettled(ip, ipFlight),
      };
      expect(after.jg.seatsSold).toBe(before.jg.seatsSold - 1);
      expect(after.ip.seatsSold).toBe(before.ip.seatsSold - 1);
      expect(after.jg.couponsVoid).toBe(before.jg.couponsVoid + 1);

      const again = await ipGateway.send<{ alreadyCancelled: boolean }>('bookings.cancel', {
        token,
        locator: bought.booking.locator,
      });
      expect(again.alreadyCancelled).toBe(true);
    });

    it('handles unknown, late, duplicate and malformed protocol messages', async () => {
      const tx = `IP.TST234.p${Date.now() % 1000}`;
      const post = (path: string, body?: unknown) =>
        signedJson<{ code?: string; vote?: string; reason?: string; acknowledged?: boolean }>(
          TEST_CLUSTER_KEY,
          jg.httpUrl,
          'POST',
          path,
          body ?? {},
        );
      const prepare = {
        txId: tx,
        coordinator: 'IP',
        participants: ['JG'],
        payload: {
          kind: 'purchase',
          locator: 'TST234',
          passengers: ['Late Passenger'],
          legs: [{ flightId: jgFlight, airline: 'JG', seats: 1 }],
        },
        stamp: { time: 1, airline: 'IP' },
        deadlineAt: Date.now() + 5_000,
      };

      const unknownCommit = await post(`/v1/transactions/${tx}/commit`);
      expect(unknownCommit.status).toBe(409);
      expect(unknownCommit.body.code).toBe('PROTOCOL_VIOLATION');

      const unknownAbort = await post(`/v1/transactions/${tx}/abort`);
      expect(unknownAbort.status).toBe(200);
      expect(unknownAbort.body.acknowledged).toBe(true);

      // The abort overtook the prepare: the late prepare is refused and holds nothing.
      const late = await post(`/v1/transactions/${tx}/prepare`, prepare);
      expect(late.status).toBe(200);
      expect(late.body).toMatchObject({ vote: 'NO', reason: 'ABORTED' });
      const duplicate = await post(`/v1/transactions/${tx}/prepare`, prepare);
      expect(duplicate.body).toEqual(late.body);
      await expectSettled(jg, jgFlight);

      const malformed = await post(`/v1/transactions/${tx}/prepare`, { ...prepare, payload: {} });
      expect(malformed.status).toBe(400);
      expect(malformed.body.code).toBe('INVALID_TRANSACTION_MESSAGE');

      const decision = await signedJson<{ answer: string }>(
        TEST_CLUSTER_KEY,
        jg.httpUrl,
        'GET',
        `/v1/transactions/${tx}`,
      );
      expect(decision.body.answer).toBe('UNKNOWN');
    });
  },
);
