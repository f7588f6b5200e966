// Public surface of @threshold/data: seeded generators of rows in the canonical long format
// (report-contract.md section 1), and writers for CSV, JSON rows and Arrow IPC.
export { Rng, createRng, cyrb128, portableLog, MAX_SEED } from './rng.js';
export {
  COLUMN_ORDER,
  NUMERIC_COLUMNS,
  inColumnOrder,
  rowsOf,
  rowsOfAsync,
  type ColumnName,
  type GeneratedDataSet,
  type MeasurementRow,
  type Phase,
} from './rows.js';
export { clientKey, clinicKey, therapistKey } from './ids.js';
export { PPT_UNITS, pptReading, kPaPer, type PptUnit } from './units.js';
export {
  trialDataSet,
  generateTrial,
  trialSessionDay,
  TRIAL_ARMS,
  TRIAL_SITES,
  TRIAL_COLUMNS,
  TRIAL_MEASURED_SESSIONS,
  TRIAL_SESSION_COUNT,
  TRIAL_DEFAULT_ARM_SIZES,
  type TrialArm,
  type TrialOptions,
} from './trial.js';
export {
  practiceDataSet,
  generatePractice,
  practiceClinics,
  therapistCounts,
  defaultClinicCount,
  PRACTICE_COLUMNS,
  type PracticeOptions,
  type PracticeClinic,
  type PracticeTherapist,
} from './practice.js';
export {
  TECHNIQUES,
  CONDITIONS,
  TECHNIQUE_EFFECTS,
  CONDITION_PROFILES,
  type Technique,
  type Condition,
} from './practice-catalogue.js';
export {
  benchDataSet,
  generateBench,
  BENCH_TECHNIQUES,
  BENCH_COLUMNS,
  BENCH_SITE,
  type BenchOptions,
} from './bench.js';
export { writeDemo, writeCsvFile, DEMO_FILES, DEMO_PRACTICE_CLIENTS, type DemoOptions } from './demo.js';
export {
  writeRows,
  writeCsv,
  writeNdjson,
  writeJsonArray,
  writeArrow,
  arrowSchema,
  csvHeader,
  csvLine,
  formatFromFileName,
  isOutputFormat,
  OUTPUT_FORMATS,
  type OutputFormat,
  type RowSource,
} from './writers/index.js';
