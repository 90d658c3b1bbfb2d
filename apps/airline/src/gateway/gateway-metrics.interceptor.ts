import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { type Observable, tap } from 'rxjs';

import { isGatewayErrorBody } from '@interline/contracts';

import { MetricsService } from '../metrics/metrics.service';
import { GatewayError } from './gateway-error';

/** Counts and times gateway messages by pattern and outcome (`ok` or the error code). */
@Injectable()
export class GatewayMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: MetricsService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const pattern = context.switchToRpc().getContext<{ getPattern(): string }>().getPattern();
    const stopTimer = this.metrics.gatewayMessageDuration.startTimer({ pattern });
    const count = (outcome: string) => {
      stopTimer();
      this.metrics.gatewayMessages.inc({ pattern, outcome });
    };
    return next.handle().pipe(
      tap({
        next: () => count('ok'),
        error: (error: unknown) => {
          const body = error instanceof GatewayError ? error.body : error;
          count(isGatewayErrorBody(body) ? body.code : 'INTERNAL_ERROR');
        },
      }),
    );
  }
}
