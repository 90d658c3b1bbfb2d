import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  Logger,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';

import type { AirlineConfig } from '../config/airline-config';
import { AIRLINE_CONFIG } from '../config/config.module';
import { MetricsService } from '../metrics/metrics.service';
import { NonceCache } from './nonce-cache';
import { PUBLIC_ROUTE } from './public.decorator';
import {
  SIGNATURE_MAX_AGE_MS,
  type SignatureRejection,
  verifySignature,
} from './request-signature';

const NONCE_CACHE_ENTRIES_MAX = 100_000;

/**
 * Rejects inter-node HTTP requests whose HMAC signature over method, path, sender, timestamp,
 * nonce and body does not match the cluster key, whose timestamp is outside the replay window,
 * or whose nonce was already used. Routes marked `@Public()` pass. A rejected request never
 * reaches a controller, so it changes nothing.
 */
@Injectable()
export class ClusterAuthGuard implements CanActivate {
  private readonly logger = new Logger('ClusterAuth');
  private readonly nonces = new NonceCache(SIGNATURE_MAX_AGE_MS, NONCE_CACHE_ENTRIES_MAX);

  constructor(
    private readonly reflector: Reflector,
    @Inject(AIRLINE_CONFIG) private readonly config: AirlineConfig,
    private readonly metrics: MetricsService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') {
      return true;
    }
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) {
      return true;
    }

    const request = context.switchToHttp().getRequest<Request & { rawBody?: Buffer }>();
    const now = Date.now();
    const result = verifySignature(
      this.config.clusterKey,
      {
        method: request.method,
        pathWithQuery: request.originalUrl,
        body: request.rawBody ?? Buffer.alloc(0),
        headers: request.headers,
      },
      now,
    );
    if (!result.ok) {
      this.reject(request, result.reason);
    } else {
      const remembered = this.nonces.remember(result.nonce, now);
      if (remembered !== 'new') {
        const reason = remembered === 'replayed' ? 'replayed_nonce' : 'replay_cache_full';
        this.reject(request, reason, result.airline);
      }
    }
    return true;
  }

  private reject(request: Request, reason: SignatureRejection, peer?: string): never {
    this.metrics.clusterAuthRejections.inc({ reason });
    this.logger.warn({
      msg: 'Rejected unsigned or badly signed inter-node request',
      reason,
      method: request.method,
      path: request.originalUrl,
      remoteAddress: request.socket.remoteAddress,
      ...(peer ? { peer } : {}),
    });
    throw new UnauthorizedException({
      statusCode: 401,
      error: 'Unauthorized',
      code: 'CLUSTER_AUTH_FAILED',
      message: `Inter-node request rejected (${reason}). Sign it with the cluster key: see docs/operations.md.`,
    });
  }
}
