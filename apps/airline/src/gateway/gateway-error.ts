import { RpcException } from '@nestjs/microservices';

import type {
  FieldViolation,
  GatewayErrorBody,
  GatewayErrorCode,
  Language,
} from '@interline/contracts';

import { ERROR_TEXT, fillTemplate } from './gateway-messages';

/** A gateway error with a stable code and a message in the passenger's language. */
export class GatewayError extends RpcException {
  constructor(readonly body: GatewayErrorBody) {
    super(body);
  }

  static of(
    code: GatewayErrorCode,
    lang: Language,
    values: Readonly<Record<string, string | number>> = {},
    extra: {
      violations?: FieldViolation[];
      retryAfterSeconds?: number;
      airlines?: string[];
      flightIds?: string[];
    } = {},
  ): GatewayError {
    return new GatewayError({
      code,
      message: fillTemplate(ERROR_TEXT[code][lang], values),
      ...extra,
    });
  }
}
