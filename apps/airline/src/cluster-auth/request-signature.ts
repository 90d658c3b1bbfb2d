import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Headers that carry an inter-node request signature. */
export const SignatureHeader = {
  airline: 'x-interline-airline',
  timestamp: 'x-interline-timestamp',
  nonce: 'x-interline-nonce',
  signature: 'x-interline-signature',
} as const;

/** How far a request timestamp may be from the receiver's clock, in either direction. */
export const SIGNATURE_MAX_AGE_MS = 30_000;

const SIGNATURE_VERSION = 'v1';
const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
const AIRLINE_PATTERN = /^[A-Z0-9]{2}$/;

export interface SignedRequestParts {
  method: string;
  /** Path with query string, exactly as sent on the request line. */
  pathWithQuery: string;
  /** Raw body bytes; empty for requests without a body. */
  body: Buffer | string;
  airline: string;
  timestamp: number;
  nonce: string;
}

/** Reason a signature was rejected; it is logged, counted and named in the 401 body. */
export type SignatureRejection =
  | 'missing_headers'
  | 'malformed_headers'
  | 'stale_timestamp'
  | 'bad_signature'
  | 'replayed_nonce'
  | 'replay_cache_full';

/**
 * Builds the string that is signed: method, path, sender, timestamp, nonce and the SHA-256 of
 * the body, one per line. Including the body hash binds the signature to the exact payload.
 */
export function canonicalRequest(parts: SignedRequestParts): string {
  const bodyHash = createHash('sha256').update(parts.body).digest('hex');
  return [
    SIGNATURE_VERSION,
    parts.method.toUpperCase(),
    parts.pathWithQuery,
    parts.airline,
    String(parts.timestamp),
    parts.nonce,
    bodyHash,
  ].join('\n');
}

/** Returns the `x-interline-signature` value for a request. */
export function computeSignature(clusterKey: string, parts: SignedRequestParts): string {
  const mac = createHmac('sha256', clusterKey).update(canonicalRequest(parts)).digest('hex');
  return `${SIGNATURE_VERSION}=${mac}`;
}

/** Returns the signature headers for a request sent now. */
export function signRequest(
  clusterKey: string,
  request: Omit<SignedRequestParts, 'timestamp' | 'nonce'>,
  now: number,
  nonce: string = randomBytes(18).toString('base64url'),
): Record<string, string> {
  const parts: SignedRequestParts = { ...request, timestamp: now, nonce };
  return {
    [SignatureHeader.airline]: request.airline,
    [SignatureHeader.timestamp]: String(now),
    [SignatureHeader.nonce]: nonce,
    [SignatureHeader.signature]: computeSignature(clusterKey, parts),
  };
}

export type VerificationResult =
  | { ok: true; airline: string; nonce: string; timestamp: number }
  | { ok: false; reason: SignatureRejection };

/**
 * Checks the signature headers of a received request. Nonce reuse is checked separately by the
 * caller, because it needs state; this function is pure.
 */
export function verifySignature(
  clusterKey: string,
  request: {
    method: string;
    pathWithQuery: string;
    body: Buffer | string;
    headers: Readonly<Record<string, string | string[] | undefined>>;
  },
  now: number,
): VerificationResult {
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? undefined : value;
  };
  const airline = header(SignatureHeader.airline);
  const timestampText = header(SignatureHeader.timestamp);
  const nonce = header(SignatureHeader.nonce);
  const signature = header(SignatureHeader.signature);
  if (!airline || !timestampText || !nonce || !signature) {
    return { ok: false, reason: 'missing_headers' };
  }
  if (
    !AIRLINE_PATTERN.test(airline) ||
    !/^\d{1,16}$/.test(timestampText) ||
    !NONCE_PATTERN.test(nonce)
  ) {
    return { ok: false, reason: 'malformed_headers' };
  }

  const timestamp = Number(timestampText);
  if (Math.abs(now - timestamp) > SIGNATURE_MAX_AGE_MS) {
    return { ok: false, reason: 'stale_timestamp' };
  }

  const expected = computeSignature(clusterKey, {
    method: request.method,
    pathWithQuery: request.pathWithQuery,
    body: request.body,
    airline,
    timestamp,
    nonce,
  });
  const provided = Buffer.from(signature);
  const expectedBytes = Buffer.from(expected);
  if (provided.length !== expectedBytes.length || !timingSafeEqual(provided, expectedBytes)) {
    return { ok: false, reason: 'bad_signature' };
  }
  return { ok: true, airline, nonce, timestamp };
}
