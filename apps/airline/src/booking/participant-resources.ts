import { Inject, Injectable, Logger } from '@nestjs/common';

import { LinkStateService } from '@interline/link-state';
import {
  FLIGHT_REPOSITORY,
  type FlightRepository,
  type FlightRow,
  PARTICIPANT_REPOSITORY,
  type ParticipantRepository,
} from '@interline/persistence';
import type {
  ParticipantCoupon,
  ParticipantFlight,
  ParticipantResources,
} from '@interline/two-phase-commit';

import type { AirlineConfig } from '../config/airline-config';
import { AIRLINE_CONFIG } from '../config/config.module';
import { formatTicketNumber } from './ticket-number';

/** The airline node's flights, coupons and ticket numbers, as the participant needs them. */
@Injectable()
export class AirlineParticipantResources implements ParticipantResources {
  private readonly logger = new Logger('Participant');

  constructor(
    @Inject(AIRLINE_CONFIG) private readonly config: AirlineConfig,
    @Inject(FLIGHT_REPOSITORY) private readonly flights: FlightRepository,
    @Inject(PARTICIPANT_REPOSITORY) private readonly participants: ParticipantRepository,
    private readonly linkState: LinkStateService,
  ) {}

  async loadFlights(
    flightIds: readonly string[],
  ): Promise<Record<string, ParticipantFlight | null>> {
    const loaded: Record<string, ParticipantFlight | null> = {};
    for (const id of flightIds) {
      const row = await this.flights.findById(id);
      loaded[id] = row
        ? {
            flightId: row.id,
            airline: row.airlineCode,
            departureAt: row.departureAt,
            capacity: row.capacity,
            sold: row.seatsSold,
            held: row.seatsHeld,
            available: row.seatsAvailable,
            holders: [],
          }
        : null;
    }
    return loaded;
  }

  async loadCoupons(locator: string): Promise<ParticipantCoupon[]> {
    const coupons = await this.participants.findCouponsByLocator(locator);
    return coupons.map((coupon) => ({
      ticketNumber: coupon.ticketNumber,
      flightId: coupon.flightId,
      passenger: coupon.passenger,
      status: coupon.status,
      pendingVoid: false,
    }));
  }

  formatTicketNumber(serial: number): string {
    return formatTicketNumber(this.config.transactions.ticketPrefix, serial);
  }

  inventoryChanged(flights: readonly FlightRow[]): void {
    const changes = flights.map((flight) => ({
      flightId: flight.id,
      seatsAvailable: flight.seatsAvailable,
    }));
    this.linkState.publishSeatChanges(changes).catch((error: unknown) =>
      this.logger.error({
        msg: 'Seat change not published',
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  }
}
