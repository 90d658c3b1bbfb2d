export * from './types';
export * from './machine-contract';
export {
  applyUpdate,
  indexAdvertisement,
  sameAdvertisement,
  type DatabaseEntry,
} from './advertisements';
export {
  buildDatabaseMessage,
  buildHello,
  createLinkState,
  getAdvertisement,
  getAdvertisements,
  getSummary,
  isReachable,
  listNeighbors,
  nextWakeAt,
  nodeUrlOf,
  reachableOrigins,
  upNeighborAirlines,
  type LinkState,
  type LinkStateConfig,
  type NeighborState,
  type NeighborView,
  type PendingPull,
} from './link-state';
export { stepLinkState } from './link-state-machine';
export { LinkStateNode } from './link-state-node';
export { computeReachable } from './reachability';
export { PULL_ORIGINS_PER_STEP_MAX, type LinkStateStepResult } from './step-builder';
export {
  AIRLINE_NAME_LENGTH_MAX,
  DATABASE_ORIGINS_MAX,
  NODE_URL_LENGTH_MAX,
  VALIDATION_ERRORS_MAX,
} from './limits';
export {
  validateDatabaseMessage,
  validateFloodMessage,
  validateHelloMessage,
  validateOwnFlights,
  type ValidationResult,
} from './validation';
