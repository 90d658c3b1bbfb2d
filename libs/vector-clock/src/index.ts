export * from './core';
export * from './nest/vector-clock.interceptor';
export * from './nest/vector-clock.module';
export * from './nest/vector-clock.service';
export * from './nest/vector-clock.tokens';
