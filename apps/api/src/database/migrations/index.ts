import { InitialSchema1764000000000 } from './1764000000000-initial-schema.js';
import { UsersTokensClaims1764100000000 } from './1764100000000-users-tokens-claims.js';
import { ClientsWithoutForeignKeys1764200000000 } from './1764200000000-clients-without-foreign-keys.js';
import { DisplayNames1764300000000 } from './1764300000000-display-names.js';
import { FollowupPhase1764310000000 } from './1764310000000-followup-phase.js';
import { ClientsRights1764500000000 } from './1764500000000-clients-rights.js';
import { ReadingCorrections1764600000000 } from './1764600000000-reading-corrections.js';
import { SpreadsheetMappings1764700000000 } from './1764700000000-spreadsheet-mappings.js';
import { ClaimsLifeAndCards1796630000000 } from './1796630000000-claims-life-and-cards.js';
import { AdminSessions1796650000000 } from './1796650000000-admin-sessions.js';
import { SessionForm1796660000000 } from './1796660000000-session-form.js';
import { ReportCells1796680000000 } from './1796680000000-report-cells.js';
import { ReportCellsByClinicAndReadings1796690000000 } from './1796690000000-report-cells-by-clinic-and-readings.js';
import { ClientCourses1796700000000 } from './1796700000000-client-courses.js';
import { ReadingSites1796710000000 } from './1796710000000-reading-sites.js';
import { NoStatisticsOfValues1796720000000 } from './1796720000000-no-statistics-of-values.js';
import { SessionGroups1796730000000 } from './1796730000000-session-groups.js';
import { SessionDates1796740000000 } from './1796740000000-session-dates.js';
import { MeasureClients1796750000000 } from './1796750000000-measure-clients.js';

/** Every migration, oldest first. */
export const MIGRATIONS = [
  InitialSchema1764000000000,
  UsersTokensClaims1764100000000,
  ClientsWithoutForeignKeys1764200000000,
  DisplayNames1764300000000,
  FollowupPhase1764310000000,
  ClientsRights1764500000000,
  ReadingCorrections1764600000000,
  SpreadsheetMappings1764700000000,
  ClaimsLifeAndCards1796630000000,
  AdminSessions1796650000000,
  SessionForm1796660000000,
  ReportCells1796680000000,
  ReportCellsByClinicAndReadings1796690000000,
  ClientCourses1796700000000,
  ReadingSites1796710000000,
  NoStatisticsOfValues1796720000000,
  SessionGroups1796730000000,
  SessionDates1796740000000,
  MeasureClients1796750000000,
];
