import { types } from 'node:util';

import {
  GatewayPattern,
  isGatewayErrorBody,
  type CancelBookingRequest,
  type CancelBookingResponse,
  type GatewayPatternName,
  type Language,
  type ListBookingsRequest,
  type ListBookingsResponse,
  type ListAirportsRequest,
  type ListAirportsResponse,
  type ListFlightsRequest,
  type ListFlightsResponse,
  type LogInRequest,
  type LogInResponse,
  type LogOutRequest,
  type LogOutResponse,
  type PurchaseRequest,
  type PurchaseResponse,
  type RegisterRequest,
  type RegisterResponse,
  type SearchItinerariesRequest,
  type SearchItinerariesResponse,
  type ShowBookingRequest,
  type ShowBookingResponse,
} from '@interline/contracts';
import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, TimeoutError, timeout } from 'rxjs';

import {
  ConnectionClosedError,
  GatewayRejection,
  NodeUnreachableError,
  RequestTimeoutError,
  UnexpectedReplyError,
  type ConsoleError,
} from './errors';
import { formatNodeAddress, type NodeAddress } from './settings';

/** Time in milliseconds that one request, connection included, may take before it fails. */
export const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Time in milliseconds that a purchase or a cancellation may take. The node agrees each one with
 * every airline of the booking before it replies, so these wait longer than other requests.
 */
export const COORDINATED_REQUEST_TIMEOUT_MS = 30_000;

export type RegisterFields = Omit<RegisterRequest, 'lang'>;
export type LogInFields = Omit<LogInRequest, 'lang'>;
export type LogOutFields = Omit<LogOutRequest, 'lang'>;
export type AirportsQuery = Omit<ListAirportsRequest, 'lang'>;
export type FlightsQuery = Omit<ListFlightsRequest, 'lang'>;
export type ItinerariesQuery = Omit<SearchItinerariesRequest, 'lang'>;
export type PurchaseFields = Omit<PurchaseRequest, 'lang'>;
export type ListBookingsFields = Omit<ListBookingsRequest, 'lang'>;
export type ShowBookingFields = Omit<ShowBookingRequest, 'lang'>;
export type CancelBookingFields = Omit<CancelBookingRequest, 'lang'>;

/**
 * The gateway requests the console sends. Implementations reject with a ConsoleError:
 * GatewayRejection for business errors, and NodeUnreachableError, ConnectionClosedError or
 * RequestTimeoutError for connection problems. Tests pass a fake object.
 */
export interface Gateway {
  register(fields: RegisterFields): Promise<RegisterResponse>;
  logIn(fields: LogInFields): Promise<LogInResponse>;
  logOut(fields: LogOutFields): Promise<LogOutResponse>;
  listAirports(query: AirportsQuery): Promise<ListAirportsResponse>;
  listFlights(query: FlightsQuery): Promise<ListFlightsResponse>;
  searchItineraries(query: ItinerariesQuery): Promise<SearchItinerariesResponse>;
  /** Waits up to COORDINATED_REQUEST_TIMEOUT_MS. */
  purchase(fields: PurchaseFields): Promise<PurchaseResponse>;
  listBookings(fields: ListBookingsFields): Promise<ListBookingsResponse>;
  showBooking(fields: ShowBookingFields): Promise<ShowBookingResponse>;
  /** Waits up to COORDINATED_REQUEST_TIMEOUT_MS. */
  cancelBooking(fields: CancelBookingFields): Promise<CancelBookingResponse>;
  /** Closes the connection so that the process can exit. */
  close(): void;
}

/** Opens a gateway for one console run. */
export type GatewayFactory = (address: NodeAddress, lang: Language) => Gateway;

/** Gateway client over the `@nestjs/microservices` TCP transport. */
export class TcpGateway implements Gateway {
  private readonly client: ClientProxy;
  private readonly node: string;

  /**
   * @param lang Language of gateway error messages, sent as `lang` with every request.
   * @param timeoutMs Timeout of every request but purchases and cancellations.
   * @param coordinatedTimeoutMs Timeout of purchases and cancellations.
   */
  constructor(
    address: NodeAddress,
    private readonly lang: Language,
    private readonly timeoutMs = REQUEST_TIMEOUT_MS,
    private readonly coordinatedTimeoutMs = COORDINATED_REQUEST_TIMEOUT_MS,
  ) {
    this.node = formatNodeAddress(address);
    this.client = ClientProxyFactory.create({
      transport: Transport.TCP,
      options: { host: address.host, port: address.port },
    });
  }

  register(fields: RegisterFields): Promise<RegisterResponse> {
    return this.send(GatewayPattern.register, fields);
  }

  logIn(fields: LogInFields): Promise<LogInResponse> {
    return this.send(GatewayPattern.logIn, fields);
  }

  logOut(fields: LogOutFields): Promise<LogOutResponse> {
    return this.send(GatewayPattern.logOut, fields);
  }

  listAirports(query: AirportsQuery): Promise<ListAirportsResponse> {
    return this.send(GatewayPattern.listAirports, query);
  }

  listFlights(query: FlightsQuery): Promise<ListFlightsResponse> {
    return this.send(GatewayPattern.listFlights, query);
  }

  searchItineraries(query: ItinerariesQuery): Promise<SearchItinerariesResponse> {
    return this.send(GatewayPattern.searchItineraries, query);
  }

  purchase(fields: PurchaseFields): Promise<PurchaseResponse> {
    return this.send(GatewayPattern.purchase, fields, this.coordinatedTimeoutMs);
  }

  listBookings(fields: ListBookingsFields): Promise<ListBookingsResponse> {
    return this.send(GatewayPattern.listBookings, fields);
  }

  showBooking(fields: ShowBookingFields): Promise<ShowBookingResponse> {
    return this.send(GatewayPattern.showBooking, fields);
  }

  cancelBooking(fields: CancelBookingFields): Promise<CancelBookingResponse> {
    return this.send(GatewayPattern.cancelBooking, fields, this.coordinatedTimeoutMs);
  }

  close(): void {
    this.client.close();
  }

  private async send<T>(
    pattern: GatewayPatternName,
    data: object,
    timeoutMs = this.timeoutMs,
  ): Promise<T> {
    const reply$ = this.client
      .send<T>(pattern, { ...data, lang: this.lang })
      .pipe(timeout(timeoutMs));
    try {
      return await firstValueFrom(reply$);
    } catch (error) {
      throw classifyGatewayFailure(error, this.node, timeoutMs);
    }
  }
}

/** Creates the production gateway client. */
export const connectTcpGateway: GatewayFactory = (address, lang) => new TcpGateway(address, lang);

/**
 * Socket error codes raised after the peer accepted the connection. Any other code, such as
 * ECONNREFUSED or EHOSTUNREACH, means that no connection was made.
 */
const CLOSED_AFTER_CONNECT_CODES = new Set(['ECONNRESET', 'EPIPE']);

/**
 * Maps what a ClientTCP request rejects with to a ConsoleError. A gateway error body becomes
 * GatewayRejection. ClientTCP's "Connection closed" error, and a socket reset after connecting,
 * become ConnectionClosedError. Any other Node.js socket error (it has a string `code`) becomes
 * NodeUnreachableError.
 */
export function classifyGatewayFailure(
  error: unknown,
  node: string,
  timeoutMs: number,
): ConsoleError {
  if (isGatewayErrorBody(error)) {
    return new GatewayRejection(error);
  }
  if (error instanceof TimeoutError) {
    return new RequestTimeoutError(node, timeoutMs / 1000);
  }
  // isNativeError also recognises errors from another realm, such as a Jest test's context.
  if (error instanceof Error || types.isNativeError(error)) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string') {
      return CLOSED_AFTER_CONNECT_CODES.has(code)
        ? new ConnectionClosedError(node, code)
        : new NodeUnreachableError(node, code);
    }
    // ClientTCP raises this for requests in flight when the socket closes. A Node.js HTTP
    // server, for example, responds to a gateway frame with "400 Bad Request" and closes.
    if (error.message === 'Connection closed') {
      return new ConnectionClosedError(node, error.message);
    }
    return new UnexpectedReplyError(node, error.message);
  }
  return new UnexpectedReplyError(node, describeUnknownReply(error));
}

/** Airport search text that matches no airport, so that the reply to the probe stays small. */
const PROBE_QUERY = 'zzz-none';

/**
 * Sends one cheap request to check that the address is a client gateway, and rejects with the
 * ConsoleError of a failed connection or an unreadable reply. A gateway error body still proves
 * that a gateway replied, so the probe resolves after one.
 */
export async function probeGateway(gateway: Gateway): Promise<void> {
  try {
    await gateway.listAirports({ query: PROBE_QUERY });
  } catch (error) {
    if (!(error instanceof GatewayRejection)) {
      throw error;
    }
  }
}

/** Renders a non-standard error reply, such as Nest's `{ status, message }`, for the passenger. */
function describeUnknownReply(reply: unknown): string {
  if (typeof reply === 'object' && reply !== null && 'message' in reply) {
    return String((reply as { message: unknown }).message);
  }
  return JSON.stringify(reply) ?? String(reply);
}
