export * from './gateway-errors';
export * from './gateway-patterns';
export * from './gateway-requests';
export * from './gateway-responses';
export * from './language';
export * from './limits';
export * from './calendar-date';
