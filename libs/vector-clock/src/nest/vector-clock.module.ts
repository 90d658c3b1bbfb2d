import { type DynamicModule, Module, type Type } from '@nestjs/common';

import { VectorClockInterceptor } from './vector-clock.interceptor';
import { VectorClockService } from './vector-clock.service';
import { VECTOR_CLOCK_OPTIONS, type VectorClockOptions } from './vector-clock.tokens';

export interface VectorClockModuleOptions {
  imports?: DynamicModule['imports'];
  inject?: Array<string | symbol | Type>;
  useFactory: (...args: never[]) => VectorClockOptions;
}

/**
 * This node's vector clock, global so every module can stamp its events. Needs a
 * `VECTOR_CLOCK_REPOSITORY` from the persistence module. `VectorClockInterceptor` is exported
 * but not registered: the application registers it for its HTTP routes.
 */
@Module({})
export class VectorClockModule {
  static forRootAsync(options: VectorClockModuleOptions): DynamicModule {
    return {
      module: VectorClockModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        {
          provide: VECTOR_CLOCK_OPTIONS,
          useFactory: options.useFactory,
          inject: options.inject ?? [],
        },
        VectorClockService,
        VectorClockInterceptor,
      ],
      exports: [VectorClockService, VectorClockInterceptor],
    };
  }
}
