import type {
  GatewayErrorBody,
  ListBookingsResponse,
  PurchaseResponse,
} from '@interline/contracts';

import type { RunningNode } from '../scripts/local-network';
import { PORT_BLOCKS, TestCluster } from './support/cluster';
import { TestGatewayClient } from './support/gateway-client';
import {
  expectSettled,
  purchase,
  referenceFlightIds,
  registerAndLogIn,
  tomorrow,
} from './support/purchase';

/** Buyers per node and how many distinct accounts they share, as in the reference scenario. */
const BUYERS_PER_NODE = 100;
const ACCOUNTS_PER_NODE = 10;

/**
 * Node settings for a burst on a machine shared with other test suites: liveness and purchase
 * timeouts generous enough that slowness is not mistaken for an unreachable airline or a failed
 * purchase. The outcome checked stays exact.
 */
const BURST_SETTINGS = {
  INTERLINE_HELLO_INTERVAL_MS: '500',
  INTERLINE_DEAD_INTERVAL_MS: '5000',
  INTERLINE_PURCHASE_TIMEOUT_MS: '60000',
};

type Answer = { ok: true; response: PurchaseResponse } | { ok: false; error: GatewayErrorBody };

describe('reference contention scenario: 300 buyers, 100 seats', () => {
  const cluster = TestCluster.create('contention');
  const date = tomorrow();
  const flightIds = referenceFlightIds(date);
  let nodes: RunningNode[];
  const gateways: TestGatewayClient[] = [];

  beforeAll(async () => {
    nodes = await cluster.start(cluster.plan(PORT_BLOCKS.contention, 3, BURST_SETTINGS));
  });

  afterAll(async () => {
    gateways.forEach((gateway) => gateway.close());
    await cluster.dispose();
  });

  it('sells exactly 100, answers every buyer, and leaves every invariant holding', async () => {
    // Each node gets its own passengers, each with its own gateway connection.
    const buyers: Array<{ gateway: TestGatewayClient; token: string; node: string }> = [];
    for (const node of nodes) {
      for (let index = 0; index < ACCOUNTS_PER_NODE; index += 1) {
        const gateway = new TestGatewayClient(node.spec.tcpPort, 90_000);
        gateways.push(gateway);
        const token = await registerAndLogIn(
          gateway,
          `buyer${index}.${node.spec.code.toLowerCase()}@example.com`,
        );
        buyers.push({ gateway, token, node: node.spec.code });
      }
    }

    const started = Date.now();
    const answers: Answer[] = await Promise.all(
      buyers.flatMap((buyer) =>
        Array.from({ length: BUYERS_PER_NODE / ACCOUNTS_PER_NODE }, (_, index) =>
          purchase(buyer.gateway, buyer.token, flightIds, [
            `Buyer ${buyer.node} ${'ABCDEFGHIJ'[index]}`,
          ]).then(
            (response): Answer => ({ ok: true, response }),
            (error: GatewayErrorBody): Answer => ({ ok: false, error }),
          ),
        ),
      ),
    );
    const elapsedMs = Date.now() - started;

    const sold = answers.filter((answer) => answer.ok);
    const refused = answers.flatMap((answer) => (answer.ok ? [] : [answer.error.code]));
    process.stdout.write(
      `contention: ${sold.length} sold, ${JSON.stringify(countCodes(refused))} in ${elapsedMs} ms\n`,
    );
    expect(answers).toHaveLength(300);
    expect(sold).toHaveLength(100);
    expect(refused).toEqual(Array.from({ length: 200 }, () => 'SOLD_OUT'));

    // Every airline sold exactly the confirmed seats, holds none, and issued one coupon per seat.
    const [jg, ip, rc] = nodes;
    for (const [node, flightId] of [
      [jg, flightIds[0]],
      [ip, flightIds[1]],
      [rc, flightIds[2]],
    ] as const) {
      const flight = await expectSettled(node, flightId);
      expect(flight.seatsSold).toBe(100);
    }

    // Every confirmed answer is a booking on its selling node with a coupon on every leg.
    const locators = new Set(
      sold.map((answer) => (answer.ok ? answer.response.booking.locator : '')),
    );
    expect(locators.size).toBe(100);
    const listed = new Set<string>();
    for (const buyer of buyers) {
      const listing = await buyer.gateway.send<ListBookingsResponse>('bookings.list', {
        token: buyer.token,
      });
      for (const booking of listing.bookings) {
        expect(booking.status).toBe('CONFIRMED');
        expect(booking.segments.every((segment) => segment.coupons.length === 1)).toBe(true);
        listed.add(booking.locator);
      }
    }
    expect([...listed].sort()).toEqual([...locators].sort());
  }, 150_000);
});

/** Counts how many times each error code occurs. */
function countCodes(codes: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const code of codes) {
    counts[code] = (counts[code] ?? 0) + 1;
  }
  return counts;
}
