import { type DynamicModule, Global, Module } from '@nestjs/common';

import type { AirlineConfig } from './airline-config';

/** Injection token of the node's frozen `AirlineConfig`. */
export const AIRLINE_CONFIG = Symbol('AirlineConfig');

/** Makes the configuration parsed at boot available to every provider. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AirlineConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: AIRLINE_CONFIG, useValue: config }],
      exports: [AIRLINE_CONFIG],
    };
  }
}
