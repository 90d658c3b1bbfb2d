import { type DynamicModule, Module, type Provider, type Type } from '@nestjs/common';

import { validateTwoPhaseCommitLimits } from '../core/limits';
import { CoordinatorService } from './coordinator.service';
import { ParticipantService } from './participant.service';
import {
  PARTICIPANT_RESOURCES,
  type ParticipantResources,
  TWO_PHASE_COMMIT_OPTIONS,
  TWO_PHASE_COMMIT_TRANSPORT,
  type TwoPhaseCommitOptions,
  type TwoPhaseCommitTransport,
} from './two-phase-commit.tokens';

export interface TwoPhaseCommitModuleOptions {
  imports?: DynamicModule['imports'];
  inject?: Array<string | symbol | Type>;
  useFactory: (...args: never[]) => TwoPhaseCommitOptions;
  /** Class that carries protocol messages to other nodes (signed HTTP in the airline node). */
  transport: Type<TwoPhaseCommitTransport>;
  /** Class that gives the participant this airline's flights, coupons and ticket numbers. */
  resources: Type<ParticipantResources>;
  /** Providers the transport and resources need, when not already global. */
  providers?: Provider[];
}

/**
 * Atomic transactions across airline nodes by two-phase commit with presumed abort. Needs the
 * `COORDINATOR_REPOSITORY` and `PARTICIPANT_REPOSITORY` of the persistence module and the
 * `VectorClockService`.
 */
@Module({})
export class TwoPhaseCommitModule {
  static forRootAsync(options: TwoPhaseCommitModuleOptions): DynamicModule {
    return {
      module: TwoPhaseCommitModule,
      imports: options.imports ?? [],
      providers: [
        ...(options.providers ?? []),
        {
          provide: TWO_PHASE_COMMIT_OPTIONS,
          useFactory: (...args: never[]) => checkedOptions(options.useFactory(...args)),
          inject: options.inject ?? [],
        },
        { provide: TWO_PHASE_COMMIT_TRANSPORT, useExisting: options.transport },
        { provide: PARTICIPANT_RESOURCES, useExisting: options.resources },
        options.transport,
        options.resources,
        ParticipantService,
        CoordinatorService,
      ],
      exports: [CoordinatorService, ParticipantService, TWO_PHASE_COMMIT_OPTIONS],
    };
  }
}

/** Rejects limits whose relations do not hold, so the node stops before it serves anything. */
function checkedOptions(options: TwoPhaseCommitOptions): TwoPhaseCommitOptions {
  const problems = validateTwoPhaseCommitLimits(options.limits);
  if (problems.length > 0) {
    throw new Error(`Invalid two-phase commit limits: ${problems.join('; ')}`);
  }
  return options;
}
