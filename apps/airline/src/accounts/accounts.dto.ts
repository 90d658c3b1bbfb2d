import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

import {
  DISPLAY_NAME_LENGTH_MAX,
  EMAIL_LENGTH_MAX,
  PASSWORD_LENGTH_MAX,
  type AccountView,
} from '@interline/contracts';

/** Longest password hash accepted from a peer. A default-cost hash has 83 characters. */
const PASSWORD_HASH_LENGTH_MAX = 256;
const SCRYPT_HASH_PATTERN = /^scrypt\$\d{1,10}\$\d{1,4}\$\d{1,4}\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/;

/** Body of `POST /v1/accounts`: a registration forwarded by the node the passenger used. */
export class CreateAccountDto {
  @ApiProperty({ example: 'maria@example.com.br', description: 'Lower-cased and trimmed.' })
  @IsEmail({ allow_display_name: false, require_tld: true })
  @MaxLength(EMAIL_LENGTH_MAX)
  email!: string;

  @ApiProperty({ example: 'Maria Souza' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(DISPLAY_NAME_LENGTH_MAX)
  name!: string;

  @ApiProperty({
    example: 'scrypt$32768$8$1$<salt base64url>$<key base64url>',
    description: 'scrypt hash computed by the forwarding node; the password itself is not sent.',
  })
  @IsString()
  @MaxLength(PASSWORD_HASH_LENGTH_MAX)
  @Matches(SCRYPT_HASH_PATTERN, {
    message: 'passwordHash must be an scrypt hash: scrypt$N$r$p$<salt>$<key>',
  })
  passwordHash!: string;

  @ApiProperty({ example: 'JG', description: 'Airline of the node the passenger registered on.' })
  @Matches(/^[A-Z0-9]{2}$/, {
    message: 'homeAirline must be a two-character airline code, e.g. JG',
  })
  homeAirline!: string;
}

/** Body of `POST /v1/accounts/verify`: credentials a passenger typed on another node. */
export class VerifyCredentialsDto {
  @ApiProperty({ example: 'maria@example.com.br', description: 'Lower-cased and trimmed.' })
  @IsEmail({ allow_display_name: false, require_tld: true })
  @MaxLength(EMAIL_LENGTH_MAX)
  email!: string;

  @ApiProperty({ example: 'viagem-segura-2026' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(PASSWORD_LENGTH_MAX)
  password!: string;
}

export class AccountViewDto implements AccountView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'maria@example.com.br' }) email!: string;
  @ApiProperty({ example: 'Maria Souza' }) name!: string;
  @ApiProperty({ example: 'JG', description: 'Airline of the node the passenger registered on.' })
  homeAirline!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class CreatedAccountDto {
  @ApiProperty({ type: AccountViewDto }) account!: AccountViewDto;
}

/** Reasons a credential check is refused. */
export const VERIFICATION_REFUSALS = [
  'INVALID_CREDENTIALS',
  'TOO_MANY_ATTEMPTS',
  'ACCOUNT_NOT_FOUND',
] as const;
export type VerificationRefusal = (typeof VERIFICATION_REFUSALS)[number];

/** Result of a credential check on the node that keeps the account. */
export type VerificationAnswer =
  | { verified: true; account: AccountView }
  | { verified: false; code: 'INVALID_CREDENTIALS' }
  | { verified: false; code: 'ACCOUNT_NOT_FOUND' }
  | { verified: false; code: 'TOO_MANY_ATTEMPTS'; retryAfterSeconds: number };

/** Swagger shape of `VerificationAnswer`. */
export class VerificationAnswerDto {
  @ApiProperty() verified!: boolean;

  @ApiPropertyOptional({ type: AccountViewDto, description: 'Set when verified.' })
  account?: AccountViewDto;

  @ApiPropertyOptional({
    enum: VERIFICATION_REFUSALS,
    description:
      'Set when not verified. ACCOUNT_NOT_FOUND: this node keeps no account for the email, so the caller may ask another node.',
  })
  code?: VerificationRefusal;

  @ApiPropertyOptional({ example: 4, description: 'Set with TOO_MANY_ATTEMPTS.' })
  retryAfterSeconds?: number;
}

/**
 * Checks the shape of a peer's verification response. Returns null when it does not match, so a
 * peer running another version is treated as failing instead of crashing the log-in.
 */
export function parseVerificationAnswer(value: unknown): VerificationAnswer | null {
  if (typeof value !== 'object' || value === null) {
    return null;
  }
  const answer = value as Record<string, unknown>;
  if (answer.verified === true) {
    return isAccountView(answer.account) ? { verified: true, account: answer.account } : null;
  }
  if (answer.verified !== false) {
    return null;
  }
  if (answer.code === 'INVALID_CREDENTIALS') {
    return { verified: false, code: answer.code };
  }
  if (answer.code === 'ACCOUNT_NOT_FOUND') {
    return { verified: false, code: answer.code };
  }
  const retryAfterSeconds = answer.retryAfterSeconds;
  if (
    answer.code === 'TOO_MANY_ATTEMPTS' &&
    typeof retryAfterSeconds === 'number' &&
    Number.isInteger(retryAfterSeconds) &&
    retryAfterSeconds > 0
  ) {
    return { verified: false, code: answer.code, retryAfterSeconds };
  }
  return null;
}

/** Checks the shape of a peer's `POST /v1/accounts` response. Returns null when it does not match. */
export function parseCreatedAccount(value: unknown): AccountView | null {
  if (typeof value !== 'object' || value === null) {
    return null;
  }
  const account = (value as Record<string, unknown>).account;
  return isAccountView(account) ? account : null;
}

function isAccountView(value: unknown): value is AccountView {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const view = value as Record<string, unknown>;
  return (
    typeof view.id === 'string' &&
    view.id.length > 0 &&
    typeof view.email === 'string' &&
    typeof view.name === 'string' &&
    typeof view.homeAirline === 'string' &&
    typeof view.createdAt === 'string' &&
    !Number.isNaN(Date.parse(view.createdAt))
  );
}
