import { Inject, Injectable, Optional } from '@nestjs/common';

import {
  CLOCK_HEADER,
  ClockFormatError,
  VectorClock,
  VectorClockService,
} from '@interline/vector-clock';

import type { AirlineConfig } from '../config/airline-config';
import { AIRLINE_CONFIG } from '../config/config.module';
import { signRequest } from './request-signature';

export const PEER_REQUEST_TIMEOUT_MS_DEFAULT = 3_000;
/** A pulled link-state database contains every airline's advertisement, so the limit is generous. */
const RESPONSE_BODY_BYTES_MAX = 32 * 1024 * 1024;

/** Reason a request to a peer failed. */
export type PeerFailureKind =
  'unreachable' | 'timeout' | 'unauthorized' | 'http_error' | 'invalid_response';

export class PeerRequestError extends Error {
  constructor(
    readonly peer: string,
    readonly kind: PeerFailureKind,
    detail: string,
    readonly status?: number,
    /** The socket error behind an `unreachable` failure, e.g. `ECONNREFUSED`. */
    readonly causeCode?: string,
  ) {
    super(`Request to peer ${peer} failed (${kind}): ${detail}`);
    this.name = 'PeerRequestError';
  }

  /**
   * True when the request cannot have reached the peer: the connection was never made. After a
   * timeout or a reset the peer may have acted on the request and lost only its answer.
   */
  get neverDelivered(): boolean {
    return this.kind === 'unreachable' && NOT_CONNECTED_CODES.has(this.causeCode ?? '');
  }
}

/** Socket errors raised before a connection exists, so no byte of the request was sent. */
const NOT_CONNECTED_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

export interface PeerRequest {
  /** Peer base URL, e.g. `http://127.0.0.1:4312`. */
  peer: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path with query string, starting with `/`. */
  path: string;
  body?: unknown;
  timeoutMs?: number;
}

/**
 * HTTP client for inter-node calls. Signs every request with the cluster key (see
 * `request-signature.ts`), bounds it with a timeout and a response size limit, and turns every
 * failure into a `PeerRequestError` with a kind the caller can branch on.
 *
 * When a `VectorClockService` is available, every request carries this node's clock in the
 * `x-interline-clock` header, and a clock in the response is merged. Errors of the local clock
 * itself, such as a failed reservation of the own counter, are thrown as they are.
 */
@Injectable()
export class SignedHttpClient {
  constructor(
    @Inject(AIRLINE_CONFIG) private readonly config: AirlineConfig,
    @Optional() @Inject(VectorClockService) private readonly clocks?: VectorClockService,
  ) {}

  async request<T>(request: PeerRequest): Promise<T> {
    const body = request.body === undefined ? '' : JSON.stringify(request.body);
    // Sign the path exactly as it goes on the request line, after URL normalisation.
    const url = new URL(request.path, this.routeTo(request.peer));
    const pathWithQuery = url.pathname + url.search;
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...signRequest(
        this.config.clusterKey,
        {
          method: request.method,
          pathWithQuery,
          body,
          airline: this.config.airline.code,
        },
        Date.now(),
      ),
    };
    if (body !== '') {
      headers['content-type'] = 'application/json';
    }
    if (this.clocks) {
      // NOTE: the signature does not cover this header, so a party on the path could change
      // the clock without the receiver noticing.
      headers[CLOCK_HEADER] = (await this.clocks.forSend()).toHeader();
    }

    const timeoutMs = request.timeoutMs ?? PEER_REQUEST_TIMEOUT_MS_DEFAULT;
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: request.method,
        headers,
        body: body === '' ? undefined : body,
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
      // The timeout signal also covers reading the body, so a peer that stalls mid-response
      // fails as a timeout too.
      text = await readBounded(response, request.peer);
    } catch (error) {
      if (error instanceof PeerRequestError) {
        throw error;
      }
      if (error instanceof DOMException && error.name === 'TimeoutError') {
        throw new PeerRequestError(request.peer, 'timeout', `no response within ${timeoutMs} ms`);
      }
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new PeerRequestError(
        request.peer,
        'unreachable',
        cause?.code ?? cause?.message ?? String(error),
        undefined,
        cause?.code,
      );
    }

    // Merged whatever the status, because an error reply is also a message the peer sent. An
    // HTTP error is still reported before an invalid clock.
    const clockProblem = await this.receiveClock(response);

    if (response.status === 401) {
      throw new PeerRequestError(
        request.peer,
        'unauthorized',
        'the peer rejected our signature; check INTERLINE_CLUSTER_KEY on both nodes',
        401,
      );
    }
    if (!response.ok) {
      throw new PeerRequestError(
        request.peer,
        'http_error',
        `HTTP ${response.status}: ${text.slice(0, 200)}`,
        response.status,
      );
    }
    if (clockProblem !== null) {
      throw new PeerRequestError(
        request.peer,
        'invalid_response',
        `malformed ${CLOCK_HEADER} header: ${clockProblem}`,
      );
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new PeerRequestError(request.peer, 'invalid_response', 'response body is not JSON');
    }
  }

  /**
   * Returns the base URL to send a request for `peer` to: the peer itself, or the replacement
   * that `INTERLINE_TEST_PEER_ROUTES` gives it (a fault-injection proxy in tests). Errors and
   * logs keep naming the peer.
   */
  private routeTo(peer: string): string {
    const routes = this.config.testPeerRoutes;
    if (Object.keys(routes).length === 0) {
      return peer;
    }
    let origin: string;
    try {
      origin = new URL(peer).origin;
    } catch {
      return peer;
    }
    return routes[origin] ?? peer;
  }

  /**
   * Merges the response's clock into this node's clock and returns null, or returns why the
   * header is invalid. A response without the header changes nothing.
   */
  private async receiveClock(response: Response): Promise<string | null> {
    const header = response.headers.get(CLOCK_HEADER);
    if (!this.clocks || header === null) {
      return null;
    }
    try {
      await this.clocks.receive(VectorClock.fromHeader(header));
      return null;
    } catch (error) {
      if (error instanceof ClockFormatError) {
        return error.reason;
      }
      throw error;
    }
  }
}

/** Reads the body, failing as soon as it grows past the limit, whatever Content-Length declares. */
async function readBounded(response: Response, peer: string): Promise<string> {
  const tooLarge = (bytes: number) =>
    new PeerRequestError(
      peer,
      'invalid_response',
      `response of ${bytes} bytes exceeds ${RESPONSE_BODY_BYTES_MAX}`,
    );
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > RESPONSE_BODY_BYTES_MAX) {
    await response.body?.cancel();
    throw tooLarge(declared);
  }
  if (!response.body) {
    return '';
  }
  const chunks: Uint8Array[] = [];
  let received = 0;
  for await (const chunk of response.body) {
    received += chunk.byteLength;
    if (received > RESPONSE_BODY_BYTES_MAX) {
      await response.body.cancel().catch(() => undefined);
      throw tooLarge(received);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
