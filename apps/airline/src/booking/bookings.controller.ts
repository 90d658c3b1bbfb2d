import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiQuery,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

import type { BookingView } from '@interline/contracts';

import { ApiSignatureHeaders } from '../http/signature-headers.decorator';
import {
  BookingDirectoryService,
  type RemoteCancelAnswer,
  type ReplayAnswer,
} from './booking-directory.service';

const LOCATOR_PATTERN = /^[A-HJ-NP-Z2-9]{6}$/;
const ACCOUNT_ID_PATTERN = /^[A-Za-z0-9-]{1,64}$/;

export class CancelForwardDto {
  @ApiProperty({
    example: '0f5b7f5e-6a0e-4b8a-9c1e-2d3f4a5b6c7d',
    description: 'The passenger account.',
  })
  @IsString()
  @MaxLength(64)
  @Matches(ACCOUNT_ID_PATTERN, {
    message: 'accountId must be an account id (letters, digits and hyphens)',
  })
  accountId!: string;
}

/**
 * Bookings this node sold, for the other nodes: listing a passenger's bookings from any node,
 * and cancelling a booking on the node that sold it and coordinates its cancellation.
 */
@ApiTags('bookings')
@ApiSecurity('cluster-signature')
@ApiSignatureHeaders()
@Controller('v1/bookings')
export class BookingsController {
  constructor(private readonly directory: BookingDirectoryService) {}

  @Get()
  @ApiOperation({
    summary: 'Bookings of a passenger sold by this node',
    description: 'Confirmed, cancelling and cancelled bookings, newest first.',
  })
  @ApiQuery({ name: 'accountId', example: '0f5b7f5e-6a0e-4b8a-9c1e-2d3f4a5b6c7d' })
  @ApiOkResponse({ description: 'The bookings as passengers see them.' })
  async list(@Query('accountId') accountId: string): Promise<{ bookings: BookingView[] }> {
    checkAccountId(accountId);
    return { bookings: await this.directory.local(accountId) };
  }

  @Get('by-key')
  @ApiOperation({
    summary: 'Outcome of a purchase key used on this node',
    description:
      'Asked by another node when a passenger retries a purchase there with a key first used here: the first outcome, `ok` true with the booking or `ok` false with a code, or `ok` "unknown" when no purchase with the key is stored here.',
  })
  @ApiQuery({ name: 'accountId' })
  @ApiQuery({ name: 'idempotencyKey' })
  async byKey(
    @Query('accountId') accountId: string,
    @Query('idempotencyKey') idempotencyKey: string,
  ): Promise<ReplayAnswer | { ok: 'unknown' }> {
    checkAccountId(accountId);
    if (typeof idempotencyKey !== 'string' || !/^[A-Za-z0-9_-]{16,64}$/.test(idempotencyKey)) {
      throw new BadRequestException(
        `idempotencyKey ${JSON.stringify(idempotencyKey)} must be 16 to 64 of [A-Za-z0-9_-]`,
      );
    }
    return this.directory.replayHere(accountId, idempotencyKey);
  }

  @Get(':locator')
  @ApiOperation({
    summary: 'One booking of a passenger sold by this node',
    description:
      'Asked by another node to find a booking by its locator, whatever the number of bookings of the passenger. `booking` is null when this node sold no visible booking with the locator to the account.',
  })
  @ApiQuery({ name: 'accountId', example: '0f5b7f5e-6a0e-4b8a-9c1e-2d3f4a5b6c7d' })
  async show(
    @Param('locator') locator: string,
    @Query('accountId') accountId: string,
  ): Promise<{ booking: BookingView | null }> {
    checkAccountId(accountId);
    checkLocator(locator);
    return { booking: await this.directory.localOne(accountId, locator) };
  }

  @Post(':locator/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel a booking sold by this node',
    description:
      'Runs the cancellation as a two-phase commit over every airline of the booking: every coupon is voided and every seat returned, or nothing changes. The answer is an outcome object: `ok` true with the booking, or `ok` false with a code.',
  })
  async cancel(
    @Param('locator') locator: string,
    @Body() body: CancelForwardDto,
  ): Promise<RemoteCancelAnswer> {
    checkLocator(locator);
    return this.directory.cancelHere(body.accountId, locator);
  }
}

function checkLocator(locator: string): void {
  if (!LOCATOR_PATTERN.test(locator)) {
    throw new BadRequestException(
      `locator ${JSON.stringify(locator)} must be six letters and digits, e.g. K7QW2M`,
    );
  }
}

function checkAccountId(accountId: unknown): void {
  if (typeof accountId !== 'string' || !ACCOUNT_ID_PATTERN.test(accountId)) {
    throw new BadRequestException(
      `accountId ${JSON.stringify(accountId)} must be an account id (letters, digits and hyphens)`,
    );
  }
}
