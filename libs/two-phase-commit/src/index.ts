export * from './core';
export * from './nest/coordinator.service';
export * from './nest/participant.service';
export * from './nest/two-phase-commit.module';
export * from './nest/two-phase-commit.tokens';
