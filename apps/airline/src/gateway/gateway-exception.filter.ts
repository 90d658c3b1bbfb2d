import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { type Observable, throwError } from 'rxjs';

import { type GatewayErrorBody, toLanguage } from '@interline/contracts';

import { GatewayError } from './gateway-error';

/**
 * Turns every exception of a gateway handler into a coded error body. Expected errors pass as
 * they are; anything else is logged with a reference id and returned as `INTERNAL_ERROR`, so a
 * passenger never sees a stack trace and the connection stays usable.
 */
@Catch()
export class GatewayExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Gateway');

  catch(exception: unknown, host: ArgumentsHost): Observable<GatewayErrorBody> {
    if (exception instanceof GatewayError) {
      return throwError(() => exception.body);
    }

    const data = host.switchToRpc().getData<{ lang?: unknown } | null>();
    const ref = randomBytes(4).toString('hex');
    const isStorage = exception instanceof Error && exception.name === 'SqliteError';
    this.logger.error(
      {
        msg: 'Gateway handler failed',
        ref,
        error: exception instanceof Error ? exception.message : String(exception),
      },
      exception instanceof Error ? exception.stack : undefined,
      'Gateway',
    );
    const lang = toLanguage(data?.lang);
    return throwError(
      () =>
        GatewayError.of(isStorage ? 'STORAGE_UNAVAILABLE' : 'INTERNAL_ERROR', lang, { ref }).body,
    );
  }
}
