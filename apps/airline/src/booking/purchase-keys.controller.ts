import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { IsInt, IsString, Matches, Min } from 'class-validator';

import type { PurchaseKeyRow } from '@interline/persistence';

import { ApiSignatureHeaders } from '../http/signature-headers.decorator';
import { PurchaseKeys } from './purchase-keys';

export class PurchaseKeyClaimDto implements PurchaseKeyRow {
  @ApiProperty({ example: '0f5b7f5e-6a0e-4b8a-9c1e-2d3f4a5b6c7d' })
  @IsString()
  @Matches(/^[A-Za-z0-9-]{1,64}$/, { message: 'accountId must be an account id' })
  accountId!: string;

  @ApiProperty({ example: 'Qm9va2luZy1rZXktMDAwMQ' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{16,64}$/, {
    message: 'idempotencyKey must be 16 to 64 of [A-Za-z0-9_-]',
  })
  idempotencyKey!: string;

  @ApiProperty({ description: 'SHA-256 (hex) of the purchase content.' })
  @IsString()
  @Matches(/^[0-9a-f]{64}$/, { message: 'requestDigest must be a SHA-256 in hex' })
  requestDigest!: string;

  @ApiProperty({ example: 'IP', description: 'The airline whose node sells the purchase.' })
  @IsString()
  @Matches(/^[A-Z0-9]{2}$/, { message: 'airline must be an airline code such as IP' })
  airline!: string;

  @ApiProperty({ example: 'K7QW2M' })
  @IsString()
  @Matches(/^[A-HJ-NP-Z2-9]{6}$/, { message: 'locator must be a record locator such as K7QW2M' })
  locator!: string;

  @ApiProperty({ description: 'Epoch milliseconds.' })
  @IsInt()
  @Min(0)
  claimedAt!: number;
}

/**
 * Purchase-key claims for the accounts whose email this node owns: the first claim of a key
 * holds, so a key buys at most once across every node.
 */
@ApiTags('bookings')
@ApiSecurity('cluster-signature')
@ApiSignatureHeaders()
@Controller('v1/purchase-keys')
export class PurchaseKeysController {
  constructor(private readonly keys: PurchaseKeys) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Claim a purchase key',
    description:
      'Stores the claim durably unless the key is already claimed, and returns the claim that holds: the caller sells the purchase only when it is its own.',
  })
  @ApiOkResponse({ description: '`{ claim }` with the claim that holds.' })
  async claim(@Body() body: PurchaseKeyClaimDto): Promise<{ claim: PurchaseKeyRow }> {
    return { claim: await this.keys.claimHere({ ...body }) };
  }
}
