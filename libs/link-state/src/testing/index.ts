export { findDisagreements, type NodeUnderCheck } from './convergence';
export { EventQueue } from './event-queue';
export * from './fixtures';
export {
  LinkStateSimulation,
  RELIABLE_NETWORK,
  type NetworkConditions,
  type SimulationStats,
} from './link-state-simulation';
export {
  DEFAULT_FAULTS,
  formatSimulationFailure,
  prepareSimulation,
  runSimulation,
  simulationCode,
  type PreparedSimulation,
  type SimulationOptions,
  type SimulationResult,
} from './run-simulation';
export { SeededRandom } from './seeded-random';
export { SimulatedStore } from './simulated-store';
export { SimulationTrace } from './simulation-trace';
export { TOPOLOGIES, seedIndexesFromLinks, topologyLinks, type Topology } from './topologies';
