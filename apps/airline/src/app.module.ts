import {
  type DynamicModule,
  type MiddlewareConsumer,
  Module,
  type NestModule,
} from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';

import { LinkStateModule } from '@interline/link-state';
import { PersistenceModule } from '@interline/persistence';
import { TWO_PHASE_COMMIT_LIMITS_DEFAULT, TwoPhaseCommitModule } from '@interline/two-phase-commit';
import { VectorClockInterceptor, VectorClockModule } from '@interline/vector-clock';

import { AccountDirectory } from './accounts/account-directory';
import { AccountsController } from './accounts/accounts.controller';
import { AccountsService, SCRYPT_COST } from './accounts/accounts.service';
import { SCRYPT_COST_DEFAULT } from './accounts/password-hasher';
import { BookingDirectoryService } from './booking/booking-directory.service';
import { BookingGatewayController } from './booking/booking-gateway.controller';
import { BookingService } from './booking/booking.service';
import { BookingsController } from './booking/bookings.controller';
import { crashPointsFor } from './booking/crash-points';
import { HttpTwoPhaseCommitTransport } from './booking/http-two-phase-commit.transport';
import { AirlineParticipantResources } from './booking/participant-resources';
import { PassengerSessions } from './booking/passenger-sessions';
import { PurchaseKeys } from './booking/purchase-keys';
import { PurchaseKeysController } from './booking/purchase-keys.controller';
import { TransactionsController } from './booking/transactions.controller';
import { CatalogService } from './catalog/catalog.service';
import { ClusterAuthGuard } from './cluster-auth/cluster-auth.guard';
import { SignedHttpClient } from './cluster-auth/signed-http-client';
import type { AirlineConfig } from './config/airline-config';
import { AIRLINE_CONFIG, ConfigModule } from './config/config.module';
import { GatewayController } from './gateway/gateway.controller';
import { InterNodeController } from './http/inter-node.controller';
import { NodeController } from './http/node.controller';
import { HttpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { MetricsService } from './metrics/metrics.service';
import { NodeLifecycle } from './node-lifecycle';
import { InventoryService } from './inventory/inventory.service';
import { TestHooksController } from './inventory/test-hooks.controller';
import { HttpLinkStateTransport } from './link-state/http-link-state.transport';
import { LinkStateController } from './link-state/link-state.controller';
import { StoredOwnFlightsSource } from './link-state/own-flights.source';
import { ItinerarySearchService } from './search/itinerary-search.service';

/** The airline node: inter-node HTTP API, client gateway handlers and their use cases. */
@Module({})
export class AppModule implements NestModule {
  static forRoot(config: AirlineConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        PersistenceModule.forRootAsync({
          storage: config.storage.kind,
          inject: [AIRLINE_CONFIG],
          useFactory: (loaded: AirlineConfig) => ({
            dataDir: loaded.dataDir,
            mongodbUrl: loaded.storage.mongodbUrl,
          }),
        }),
        ScheduleModule.forRoot(),
        LinkStateModule.forRootAsync({
          inject: [AIRLINE_CONFIG],
          useFactory: (loaded: AirlineConfig) => ({
            self: loaded.airline.code,
            selfName: loaded.airline.name,
            selfUrl: loaded.publicUrl,
            seedUrls: loaded.seedPeers,
            timers: loaded.linkState,
          }),
          transport: HttpLinkStateTransport,
          ownFlights: StoredOwnFlightsSource,
          providers: [SignedHttpClient],
        }),
        VectorClockModule.forRootAsync({
          inject: [AIRLINE_CONFIG],
          useFactory: (loaded: AirlineConfig) => ({ self: loaded.airline.code }),
        }),
        TwoPhaseCommitModule.forRootAsync({
          inject: [AIRLINE_CONFIG],
          useFactory: (loaded: AirlineConfig) => ({
            self: loaded.airline.code,
            limits: {
              ...TWO_PHASE_COMMIT_LIMITS_DEFAULT,
              prepareTimeoutMs: loaded.transactions.prepareTimeoutMs,
              purchaseTimeoutMs: loaded.transactions.purchaseTimeoutMs,
              waitMaxMs: loaded.transactions.waitMaxMs,
            },
            transactionsPerFlightMax: loaded.transactions.perFlightMax,
            crashPoints: crashPointsFor(loaded.crashPoints),
          }),
          transport: HttpTwoPhaseCommitTransport,
          resources: AirlineParticipantResources,
          providers: [SignedHttpClient],
        }),
      ],
      controllers: [
        NodeController,
        InterNodeController,
        LinkStateController,
        GatewayController,
        AccountsController,
        TransactionsController,
        BookingsController,
        PurchaseKeysController,
        BookingGatewayController,
        ...(config.testHooks ? [TestHooksController] : []),
      ],
      providers: [
        MetricsService,
        CatalogService,
        AccountsService,
        AccountDirectory,
        SignedHttpClient,
        InventoryService,
        NodeLifecycle,
        ItinerarySearchService,
        PassengerSessions,
        PurchaseKeys,
        BookingService,
        BookingDirectoryService,
        { provide: APP_INTERCEPTOR, useClass: VectorClockInterceptor },
        { provide: SCRYPT_COST, useValue: SCRYPT_COST_DEFAULT },
        { provide: APP_GUARD, useClass: ClusterAuthGuard },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}
