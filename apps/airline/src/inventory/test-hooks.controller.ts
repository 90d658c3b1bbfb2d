import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  UnprocessableEntityException,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsString, Matches } from 'class-validator';

import {
  BOOKING_REPOSITORY,
  type BookingRepository,
  type BookingStatusRow,
  type CouponRow,
  FLIGHT_REPOSITORY,
  FlightNotFoundError,
  type FlightRepository,
  InventoryConstraintError,
  PARTICIPANT_REPOSITORY,
  type ParticipantRepository,
} from '@interline/persistence';
import { CoordinatorService, ParticipantService } from '@interline/two-phase-commit';

import { InventoryService } from './inventory.service';

export class TestHoldRequest {
  @IsString()
  @Matches(/^[A-Z0-9]{2}\d{1,4}-\d{8}$/)
  flightId!: string;

  /** Seats to hold (positive) or release (negative). */
  @IsInt()
  seats!: number;
}

/** Locators one coupon request may name, so the response stays bounded. */
const COUPON_LOCATORS_MAX = 1_000;
const ALL_BOOKING_STATUSES: readonly BookingStatusRow[] = [
  'PENDING',
  'CONFIRMED',
  'FAILED',
  'CANCELLING',
  'CANCELLED',
];

export class TestCouponsRequest {
  @IsArray()
  @ArrayMaxSize(COUPON_LOCATORS_MAX)
  @Matches(/^[A-HJ-NP-Z2-9]{6}$/, { each: true })
  locators!: string[];
}

/** Seat counts and coupon counts of one flight. */
export interface TestFlightInventory {
  flightId: string;
  capacity: number;
  seatsSold: number;
  seatsHeld: number;
  seatsAvailable: number;
  couponsOpen: number;
  couponsVoid: number;
}

/** A booking as the history checker of the fault-injection runs compares it with client responses. */
export interface TestBookingRecord {
  locator: string;
  accountId: string;
  idempotencyKey: string;
  status: BookingStatusRow;
  /** The error code the passenger was given, for a `FAILED` booking. */
  failureCode: string | null;
  passengers: string[];
  segments: Array<{
    flightId: string;
    airline: string;
    tickets: Array<{ passenger: string; ticketNumber: string }>;
  }>;
  txIds: string[];
}

/**
 * Endpoints for end-to-end tests and benchmarks, registered only when `INTERLINE_TEST_HOOKS=true`:
 * they change seat inventory the way a purchase will, so availability propagation can be
 * measured before purchases exist. Signed like every `/v1` route and hidden from Swagger.
 */
@ApiExcludeController()
@Controller('v1/test-hooks')
export class TestHooksController {
  constructor(
    private readonly inventory: InventoryService,
    @Inject(FLIGHT_REPOSITORY) private readonly flights: FlightRepository,
    @Inject(PARTICIPANT_REPOSITORY) private readonly participants: ParticipantRepository,
    @Inject(BOOKING_REPOSITORY) private readonly bookings: BookingRepository,
    private readonly participant: ParticipantService,
    private readonly coordinator: CoordinatorService,
  ) {}

  /** Seat counts and coupons of one of this airline's flights, to check invariants. */
  @Get('flights/:id')
  async flight(@Param('id') id: string): Promise<TestFlightInventory> {
    const flight = await this.flights.findById(id);
    if (!flight) {
      throw new NotFoundException(`flight ${id} not found`);
    }
    const coupons = await this.participants.countCoupons(id);
    return {
      flightId: flight.id,
      capacity: flight.capacity,
      seatsSold: flight.seatsSold,
      seatsHeld: flight.seatsHeld,
      seatsAvailable: flight.seatsAvailable,
      couponsOpen: coupons.open,
      couponsVoid: coupons.void,
    };
  }

  /** Transactions this node holds prepared, waiting for a decision. */
  @Get('in-doubt')
  inDoubt(): { txIds: string[] } {
    return { txIds: this.participant.inDoubt().map((record) => record.txId) };
  }

  /**
   * Returns every booking this node sold, in any status and with its purchase key, oldest first.
   * The list is not bounded, because it is meant for test networks.
   */
  @Get('bookings')
  async bookingsSold(): Promise<{ bookings: TestBookingRecord[] }> {
    const rows = await this.bookings.findByStatus(ALL_BOOKING_STATUSES);
    return {
      bookings: rows.map((row) => ({
        locator: row.locator,
        accountId: row.accountId,
        idempotencyKey: row.idempotencyKey,
        status: row.status,
        failureCode: row.failure?.code ?? null,
        passengers: [...row.passengers],
        segments: row.segments.map((segment) => ({
          flightId: segment.flightId,
          airline: segment.airline,
          tickets: segment.tickets.map((ticket) => ({ ...ticket })),
        })),
        txIds: [...row.txIds],
      })),
    };
  }

  /** Coupons this airline issued for the bookings with these locators, open and void. */
  @Post('coupons')
  @HttpCode(200)
  async coupons(@Body() request: TestCouponsRequest): Promise<{ coupons: CouponRow[] }> {
    const coupons: CouponRow[] = [];
    for (const locator of new Set(request.locators)) {
      coupons.push(...(await this.participants.findCouponsByLocator(locator)));
    }
    return { coupons };
  }

  /**
   * What this node has recorded of one transaction, as coordinator and as participant; null for
   * a role it has no record of. Unlike the participant-state query, reading it changes nothing.
   */
  @Get('transactions/:txId')
  async transaction(@Param('txId') txId: string): Promise<{
    txId: string;
    coordinator: {
      phase: string;
      votes: Record<string, string>;
      acknowledged: string[];
      completed: boolean;
    } | null;
    participant: { phase: string; vote: string | null } | null;
  }> {
    const coordinated = await this.coordinator.find(txId);
    const participated = await this.participants.findById(txId);
    return {
      txId,
      coordinator: coordinated && {
        phase: coordinated.phase,
        votes: Object.fromEntries(
          Object.entries(coordinated.votes).map(([airline, vote]) => [airline, vote.vote]),
        ),
        acknowledged: coordinated.acknowledged,
        completed: coordinated.completedAt !== null,
      },
      participant: participated && {
        phase: participated.phase,
        vote: participated.vote?.vote ?? null,
      },
    };
  }

  @Post('holds')
  async hold(
    @Body() request: TestHoldRequest,
  ): Promise<{ flightId: string; seatsAvailable: number }> {
    try {
      const flight = await this.inventory.change(request.flightId, {
        soldDelta: 0,
        heldDelta: request.seats,
      });
      return { flightId: flight.id, seatsAvailable: flight.seatsAvailable };
    } catch (error) {
      if (error instanceof FlightNotFoundError) {
        throw new NotFoundException(error.message);
      }
      if (error instanceof InventoryConstraintError) {
        throw new UnprocessableEntityException(error.message);
      }
      throw error;
    }
  }
}
