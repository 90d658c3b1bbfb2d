export * from './core';
export * from './nest/link-state.module';
export * from './nest/link-state.service';
export * from './nest/link-state.tokens';
