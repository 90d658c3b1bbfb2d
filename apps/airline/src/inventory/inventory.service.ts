import { Inject, Injectable } from '@nestjs/common';

import { LinkStateService } from '@interline/link-state';
import {
  FLIGHT_REPOSITORY,
  type FlightRepository,
  type FlightRow,
  type InventoryChange,
} from '@interline/persistence';

/**
 * Changes this airline's seat inventory and publishes the new availability to the other nodes.
 * The change is durable before it is published, so no node learns a count that was not stored.
 */
@Injectable()
export class InventoryService {
  constructor(
    @Inject(FLIGHT_REPOSITORY) private readonly flights: FlightRepository,
    private readonly linkState: LinkStateService,
  ) {}

  async change(flightId: string, change: InventoryChange): Promise<FlightRow> {
    const flight = await this.flights.changeInventory(flightId, change);
    await this.linkState.publishSeatChanges([{ flightId, seatsAvailable: flight.seatsAvailable }]);
    return flight;
  }
}
