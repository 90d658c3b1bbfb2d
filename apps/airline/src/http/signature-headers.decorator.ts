import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiUnauthorizedResponse } from '@nestjs/swagger';

import { SignatureHeader } from '../cluster-auth/request-signature';
import { ErrorResponseDto } from './node.dto';

/** Documents the four signature headers on a signed route. */
export const ApiSignatureHeaders = () =>
  applyDecorators(
    ...[
      { name: SignatureHeader.airline, description: 'Code of the calling airline, e.g. IP.' },
      {
        name: SignatureHeader.timestamp,
        description:
          'Milliseconds since the Unix epoch; must be within 30 s of the receiver clock.',
      },
      { name: SignatureHeader.nonce, description: '16 to 64 base64url characters, never reused.' },
      {
        name: SignatureHeader.signature,
        description: '`v1=` + hex HMAC-SHA256 with the cluster key; see docs/operations.md.',
      },
    ].map((header) => ApiHeader({ ...header, required: true })),
    ApiUnauthorizedResponse({
      type: ErrorResponseDto,
      description: 'Missing, stale, replayed or wrong signature.',
    }),
  );
