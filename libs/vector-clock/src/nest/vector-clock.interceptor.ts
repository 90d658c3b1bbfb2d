import {
  BadRequestException,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  Logger,
  type NestInterceptor,
} from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Observable, catchError, defer, from, map, mergeMap, throwError } from 'rxjs';

import { CLOCK_HEADER, ClockFormatError, VectorClock } from '../core';
import { VectorClockService } from './vector-clock.service';

/** Error code of the 400 response to a request whose `x-interline-clock` header is invalid. */
export const CLOCK_HEADER_INVALID = 'CLOCK_HEADER_INVALID';

/** Path prefix of the inter-node API, whose requests and responses carry clocks. */
const CLOCKED_PATH_PREFIX = '/v1/';

type HttpRequest = IncomingMessage & { originalUrl?: string };

/**
 * Carries the vector clock on the inter-node HTTP API (paths under `/v1/`). A request's
 * `x-interline-clock` header is merged into this node's clock before the handler runs. An
 * invalid header gets a 400 with code `CLOCK_HEADER_INVALID`, and the handler does not run. A
 * request without the header is accepted, because clients such as Swagger UI or curl send no
 * clock. Every response, error responses included, gets the header with the clock of the send
 * event.
 *
 * Other paths (in the airline node the public `/`, `/status` and `/metrics`) and non-HTTP
 * contexts such as the TCP client gateway pass through unchanged.
 *
 * Responses produced before interceptors run carry no header, e.g. a 401 from a guard or a 404
 * for a path that matches no route. When the own counter cannot be reserved for the response,
 * the error is logged and the response goes out without the header, so a storage failure of the
 * clock does not fail a handler that has already completed.
 */
@Injectable()
export class VectorClockInterceptor implements NestInterceptor {
  private readonly logger = new Logger('VectorClock');

  constructor(private readonly clocks: VectorClockService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') {
      return next.handle();
    }
    const http = context.switchToHttp();
    const request = http.getRequest<HttpRequest>();
    if (!pathOf(request).startsWith(CLOCKED_PATH_PREFIX)) {
      return next.handle();
    }
    const response = http.getResponse<ServerResponse>();

    return defer(() => this.receiveHeader(request)).pipe(
      mergeMap(() => next.handle()),
      mergeMap((body) => from(this.setClockHeader(response)).pipe(map(() => body))),
      catchError((error: unknown) =>
        from(this.setClockHeader(response)).pipe(mergeMap(() => throwError(() => error))),
      ),
    );
  }

  /** Merges the request's clock, or throws a 400 naming what is wrong with the header. */
  private async receiveHeader(request: HttpRequest): Promise<void> {
    const value = request.headers[CLOCK_HEADER];
    if (value === undefined) {
      return;
    }
    // Node joins repeated headers with ", ", which the parser rejects as an invalid entry.
    const text = Array.isArray(value) ? value.join(', ') : value;
    try {
      await this.clocks.receive(VectorClock.fromHeader(text));
    } catch (error) {
      if (!(error instanceof ClockFormatError)) {
        throw error;
      }
      this.logger.debug({
        msg: 'Request rejected: invalid clock header',
        path: pathOf(request),
        reason: error.reason,
      });
      throw new BadRequestException({
        code: CLOCK_HEADER_INVALID,
        message: `${error.reason}; send ${CLOCK_HEADER} as CODE=counter pairs separated by commas, e.g. JG=3,IP=1`,
      });
    }
  }

  private async setClockHeader(response: ServerResponse): Promise<void> {
    if (response.headersSent) {
      return;
    }
    try {
      const clock = await this.clocks.forSend();
      if (!response.headersSent) {
        response.setHeader(CLOCK_HEADER, clock.toHeader());
      }
    } catch (error) {
      this.logger.error({
        msg: 'Response sent without clock header: the own counter could not be reserved',
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}

function pathOf(request: HttpRequest): string {
  const url = request.originalUrl ?? request.url ?? '';
  const queryStart = url.indexOf('?');
  return queryStart === -1 ? url : url.slice(0, queryStart);
}
