export * from './memory-vector-clock.repository';
