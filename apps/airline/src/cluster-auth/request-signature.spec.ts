import { NonceCache } from './nonce-cache';
import {
  SIGNATURE_MAX_AGE_MS,
  SignatureHeader,
  signRequest,
  verifySignature,
} from './request-signature';

const KEY = 'cluster-key-for-unit-tests-0123456789';
const NOW = 1_800_000_000_000;
const REQUEST = {
  method: 'POST',
  pathWithQuery: '/v1/flights?date=2026-12-24',
  body: '{"a":1}',
  airline: 'IP',
};

function signedHeaders(overrides: Partial<typeof REQUEST> = {}, now = NOW) {
  return signRequest(KEY, { ...REQUEST, ...overrides }, now, 'nonce-abcdefghijklmnop');
}

describe('request signature', () => {
  it('accepts a request signed with the key', () => {
    const result = verifySignature(KEY, { ...REQUEST, headers: signedHeaders() }, NOW + 1_000);
    expect(result).toEqual({
      ok: true,
      airline: 'IP',
      nonce: 'nonce-abcdefghijklmnop',
      timestamp: NOW,
    });
  });

  it.each([
    ['method', { method: 'GET' }],
    ['path', { pathWithQuery: '/v1/flights?date=2026-12-25' }],
    ['body', { body: '{"a":2}' }],
  ])('rejects a changed %s', (_name, change) => {
    const result = verifySignature(KEY, { ...REQUEST, ...change, headers: signedHeaders() }, NOW);
    expect(result).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('rejects another key', () => {
    const result = verifySignature(
      'another-cluster-key-0123456789abcdef',
      { ...REQUEST, headers: signedHeaders() },
      NOW,
    );
    expect(result).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('rejects a changed sender', () => {
    const headers = { ...signedHeaders(), [SignatureHeader.airline]: 'RC' };
    expect(verifySignature(KEY, { ...REQUEST, headers }, NOW)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('rejects timestamps outside the window', () => {
    const headers = signedHeaders();
    expect(verifySignature(KEY, { ...REQUEST, headers }, NOW + SIGNATURE_MAX_AGE_MS + 1)).toEqual({
      ok: false,
      reason: 'stale_timestamp',
    });
    expect(verifySignature(KEY, { ...REQUEST, headers }, NOW - SIGNATURE_MAX_AGE_MS - 1)).toEqual({
      ok: false,
      reason: 'stale_timestamp',
    });
  });

  it('rejects missing headers', () => {
    const { [SignatureHeader.signature]: _removed, ...headers } = signedHeaders();
    expect(verifySignature(KEY, { ...REQUEST, headers }, NOW)).toEqual({
      ok: false,
      reason: 'missing_headers',
    });
  });

  it.each([
    [SignatureHeader.airline, 'ip'],
    [SignatureHeader.timestamp, 'yesterday'],
    [SignatureHeader.nonce, 'short'],
  ])('rejects malformed %s', (header, value) => {
    const headers = { ...signedHeaders(), [header]: value };
    expect(verifySignature(KEY, { ...REQUEST, headers }, NOW)).toEqual({
      ok: false,
      reason: 'malformed_headers',
    });
  });
});

describe('NonceCache', () => {
  it('rejects a nonce seen inside the window', () => {
    const cache = new NonceCache(1_000, 10);
    expect(cache.remember('a', 0)).toBe('new');
    expect(cache.remember('a', 500)).toBe('replayed');
  });

  it('accepts a nonce again after its expiry', () => {
    const cache = new NonceCache(1_000, 10);
    cache.remember('a', 0);
    expect(cache.remember('a', 2_001)).toBe('new');
  });

  it('prunes expired entries when full', () => {
    const cache = new NonceCache(1_000, 2);
    cache.remember('a', 0);
    cache.remember('b', 0);
    expect(cache.remember('c', 2_001)).toBe('new');
    expect(cache.size).toBe(1);
  });

  it('rejects when full of live nonces', () => {
    const cache = new NonceCache(1_000, 2);
    cache.remember('a', 0);
    cache.remember('b', 0);
    expect(cache.remember('c', 10)).toBe('full');
  });
});
