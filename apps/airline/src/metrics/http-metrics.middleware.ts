import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

import { MetricsService } from './metrics.service';

/**
 * Counts and times every HTTP request, including those a guard rejects, which interceptors would
 * miss. The route label is the matched route pattern, or `unmatched`, to keep label sets bounded.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    response.on('finish', () => {
      const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics.httpRequests.inc({
        method: request.method,
        route,
        status_code: String(response.statusCode),
      });
      this.metrics.httpRequestDuration.observe({ method: request.method, route }, seconds);
    });
    next();
  }
}
