import {
  type DynamicModule,
  type MiddlewareConsumer,
  Module,
  type NestModule,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';

import { PersistenceModule } from '@interline/persistence';

import { AccountsService, SCRYPT_COST } from './accounts/accounts.service';
import { SCRYPT_COST_DEFAULT } from './accounts/password-hasher';
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
import { PeerDirectoryService } from './peers/peer-directory.service';

/** The airline node: inter-node HTTP API, client gateway handlers and their use cases. */
@Module({})
export class AppModule implements NestModule {
  static forRoot(config: AirlineConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        PersistenceModule.forRootAsync({
          inject: [AIRLINE_CONFIG],
          useFactory: (loaded: AirlineConfig) => ({ dataDir: loaded.dataDir }),
        }),
        ScheduleModule.forRoot(),
      ],
      controllers: [NodeController, InterNodeController, GatewayController],
      providers: [
        MetricsService,
        SignedHttpClient,
        PeerDirectoryService,
        CatalogService,
        AccountsService,
        { provide: SCRYPT_COST, useValue: SCRYPT_COST_DEFAULT },
        { provide: APP_GUARD, useClass: ClusterAuthGuard },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}
