import type { LinkStateService } from '@interline/link-state';

import { PeerRequestError, type SignedHttpClient } from '../cluster-auth/signed-http-client';
import type { AirlineConfig } from '../config/airline-config';
import { BookingDirectoryService } from './booking-directory.service';

const CONFIG = {
  airline: { code: 'JG', name: 'Jangada' },
  transactions: { purchaseTimeoutMs: 20_000 },
} as unknown as AirlineConfig;

function directoryWith(options: {
  reachable: boolean;
  request: () => Promise<unknown>;
}): BookingDirectoryService {
  const linkState = {
    nodeUrl: () => 'http://127.0.0.1:4312',
    isReachable: () => options.reachable,
  } as unknown as LinkStateService;
  const http = { request: options.request } as unknown as SignedHttpClient;
  return new BookingDirectoryService(
    CONFIG,
    {} as never,
    {} as never,
    {} as never,
    linkState,
    http,
  );
}

const UNKNOWN = { ok: false, code: 'PURCHASE_OUTCOME_UNKNOWN', airlines: ['IP'] };

// A purchase key first used on another node may have bought seats there: without that node's
// answer the outcome is unknown, never "nothing was sold".
describe('BookingDirectoryService replay on another node', () => {
  it('returns that node outcome', async () => {
    const first = { ok: true, booking: { locator: 'K7QW2M' } };
    const directory = directoryWith({ reachable: true, request: async () => first });

    await expect(
      directory.replayElsewhere('IP', 'account-1', 'key-0123456789abcdef'),
    ).resolves.toBe(first);
  });

  it('unreachable node gives an unknown outcome', async () => {
    const directory = directoryWith({
      reachable: false,
      request: async () => {
        throw new Error('must not be called');
      },
    });

    await expect(
      directory.replayElsewhere('IP', 'account-1', 'key-0123456789abcdef'),
    ).resolves.toEqual(UNKNOWN);
  });

  it('failed request gives an unknown outcome', async () => {
    const directory = directoryWith({
      reachable: true,
      request: async () => {
        throw new PeerRequestError(
          'http://127.0.0.1:4312',
          'timeout',
          'no response within 22000 ms',
        );
      },
    });

    await expect(
      directory.replayElsewhere('IP', 'account-1', 'key-0123456789abcdef'),
    ).resolves.toEqual(UNKNOWN);
  });

  it('key not stored there gives an unknown outcome', async () => {
    const directory = directoryWith({ reachable: true, request: async () => ({ ok: 'unknown' }) });

    await expect(
      directory.replayElsewhere('IP', 'account-1', 'key-0123456789abcdef'),
    ).resolves.toEqual(UNKNOWN);
  });
});

// A cancellation forwarded to the selling node may be carried out there even when the response is
// lost, so only a request that never left may be reported as "nothing changed".
describe('BookingDirectoryService cancellation forwarded to the seller', () => {
  const sold = { locator: 'K7QW2M', soldBy: { code: 'IP' }, createdAt: '2026-12-05T10:00:00Z' };

  function forwardingDirectory(cancelFailure: Error): BookingDirectoryService {
    const linkState = {
      nodeUrl: () => 'http://127.0.0.1:4312',
      isReachable: () => true,
      airlines: () => [{ code: 'IP', name: 'Ipê', reachable: true }],
    } as unknown as LinkStateService;
    const http = {
      request: async (request: { method: string }) => {
        if (request.method === 'GET') {
          return { booking: sold };
        }
        throw cancelFailure;
      },
    } as unknown as SignedHttpClient;
    const bookings = { findByLocator: async () => null, findByAccount: async () => [] };
    return new BookingDirectoryService(
      CONFIG,
      bookings as never,
      {} as never,
      {} as never,
      linkState,
      http,
    );
  }

  it.each([
    ['a timeout', new PeerRequestError('http://127.0.0.1:4312', 'timeout', 'no response')],
    [
      'a reset connection',
      new PeerRequestError(
        'http://127.0.0.1:4312',
        'unreachable',
        'ECONNRESET',
        undefined,
        'ECONNRESET',
      ),
    ],
    [
      'an error status',
      new PeerRequestError('http://127.0.0.1:4312', 'http_error', 'HTTP 500', 500),
    ],
  ])('after %s the outcome is unknown', async (_label, failure) => {
    await expect(forwardingDirectory(failure).cancel('account-1', 'K7QW2M')).resolves.toEqual({
      ok: false,
      code: 'CANCELLATION_OUTCOME_UNKNOWN',
      airlines: ['IP'],
    });
  });

  it('a refused connection changed nothing', async () => {
    const refused = new PeerRequestError(
      'http://127.0.0.1:4312',
      'unreachable',
      'ECONNREFUSED',
      undefined,
      'ECONNREFUSED',
    );

    await expect(forwardingDirectory(refused).cancel('account-1', 'K7QW2M')).resolves.toEqual({
      ok: false,
      code: 'AIRLINE_UNREACHABLE',
      airlines: ['IP'],
    });
  });
});
