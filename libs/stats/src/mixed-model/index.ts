// Public surface of the trajectory model (report-contract.md section 2, `trajectory`).
export {
  accumulateClient,
  type ClientCrossProducts,
  mergeClientCrossProducts,
  type TrajectoryData,
  trajectoryDataFromRows,
  type TrajectoryRow,
} from './cross-products.js';
export type { ConditionalMode } from './conditional-modes.js';
export {
  fitTrajectory,
  type OptimizerInfo,
  randomStructureFor,
  type TrajectoryFit,
  type TrajectoryInput,
} from './fit-trajectory.js';
export type { RandomStructure } from './relative-covariance.js';
