import { type DynamicModule, Module, type Provider, type Type } from '@nestjs/common';

import { LinkStateService } from './link-state.service';
import {
  LINK_STATE_OPTIONS,
  LINK_STATE_TRANSPORT,
  type LinkStateOptions,
  type LinkStateTransport,
  OWN_FLIGHTS_SOURCE,
  type OwnFlightsSource,
} from './link-state.tokens';

export interface LinkStateModuleOptions {
  imports?: DynamicModule['imports'];
  inject?: Array<string | symbol | Type>;
  useFactory: (...args: never[]) => LinkStateOptions;
  /** Class that sends messages to peers (over signed HTTP in the airline node). */
  transport: Type<LinkStateTransport>;
  /** Class that loads this node's own flights. */
  ownFlights: Type<OwnFlightsSource>;
  /** Providers the transport and flight source need, when not already global. */
  providers?: Provider[];
}

/**
 * Route sharing between airline nodes: keeps the link-state database of every airline's flights,
 * floods changes, exchanges hellos and serves itinerary search over the local map. Needs a
 * `LINK_STATE_REPOSITORY` from the persistence module.
 */
@Module({})
export class LinkStateModule {
  static forRootAsync(options: LinkStateModuleOptions): DynamicModule {
    return {
      module: LinkStateModule,
      // Global: the transaction protocol finds other airlines' nodes through the map.
      global: true,
      imports: options.imports ?? [],
      providers: [
        ...(options.providers ?? []),
        {
          provide: LINK_STATE_OPTIONS,
          useFactory: options.useFactory,
          inject: options.inject ?? [],
        },
        { provide: LINK_STATE_TRANSPORT, useExisting: options.transport },
        { provide: OWN_FLIGHTS_SOURCE, useExisting: options.ownFlights },
        options.transport,
        options.ownFlights,
        LinkStateService,
      ],
      exports: [LinkStateService],
    };
  }
}
