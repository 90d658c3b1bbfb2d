import {
  Body,
  Controller,
  NotFoundException,
  Post,
  UnprocessableEntityException,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsInt, IsString, Matches } from 'class-validator';

import { FlightNotFoundError, InventoryConstraintError } from '@interline/persistence';

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
  constructor(private readonly inventory: InventoryService) {}

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
