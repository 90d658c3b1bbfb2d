import {
  Body,
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  Post,
  UnprocessableEntityException,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsInt, IsString, Matches } from 'class-validator';

import {
  FLIGHT_REPOSITORY,
  FlightNotFoundError,
  type FlightRepository,
  InventoryConstraintError,
  PARTICIPANT_REPOSITORY,
  type ParticipantRepository,
} from '@interline/persistence';
import { ParticipantService } from '@interline/two-phase-commit';

import { InventoryService } from './inventory.service';

export class TestHoldRequest {
  @IsString()
  @Matches(/^[A-Z0-9]{2}\d{1,4}-\d{8}$/)
  flightId!: string;

  /** Seats to hold (positive) or release (negative). */
  @IsInt()
  seats!: number;
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
    private readonly participant: ParticipantService,
  ) {}

  /** Seat counts and coupons of one of this airline's flights, to check invariants. */
  @Get('flights/:id')
  async flight(@Param('id') id: string): Promise<{
    flightId: string;
    capacity: number;
    seatsSold: number;
    seatsHeld: number;
    seatsAvailable: number;
    couponsOpen: number;
    couponsVoid: number;
  }> {
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
