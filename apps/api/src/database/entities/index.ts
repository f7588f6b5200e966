import { AuditLogEntity } from './audit-log.entity.js';
import { ClientEntity } from './client.entity.js';
import { ClinicEntity } from './clinic.entity.js';
import { IngestBatchEntity } from './ingest-batch.entity.js';
import { MeasurementEntity } from './measurement.entity.js';
import { SessionEntity } from './session.entity.js';
import { TherapistEntity } from './therapist.entity.js';

export { AuditLogEntity, ClientEntity, ClinicEntity, IngestBatchEntity, MeasurementEntity, SessionEntity, TherapistEntity };

/** Every entity, for the DataSource. */
export const ENTITIES = [
  IngestBatchEntity,
  ClinicEntity,
  TherapistEntity,
  ClientEntity,
  SessionEntity,
  MeasurementEntity,
  AuditLogEntity,
];
