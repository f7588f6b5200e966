import { AuditLogEntity } from './audit-log.entity.js';
import { AuthTokenEntity } from './auth-token.entity.js';
import { ClaimEntity } from './claim.entity.js';
import { ClientEntity } from './client.entity.js';
import { ClinicEntity } from './clinic.entity.js';
import { DisplayNameEntity } from './display-name.entity.js';
import { DataChangeEntity } from './data-change.entity.js';
import { ErasedClientEntity } from './erased-client.entity.js';
import { IngestBatchEntity } from './ingest-batch.entity.js';
import { MeasurementEntity } from './measurement.entity.js';
import { PublicCardEntity } from './public-card.entity.js';
import { SessionEntity } from './session.entity.js';
import { TherapistEntity } from './therapist.entity.js';
import { UserEntity } from './user.entity.js';

export {
  AuditLogEntity,
  AuthTokenEntity,
  ClaimEntity,
  ClientEntity,
  ClinicEntity,
  DisplayNameEntity,
  DataChangeEntity,
  ErasedClientEntity,
  IngestBatchEntity,
  MeasurementEntity,
  PublicCardEntity,
  SessionEntity,
  TherapistEntity,
  UserEntity,
};

/** Every entity, for the DataSource. */
export const ENTITIES = [
  IngestBatchEntity,
  ClinicEntity,
  TherapistEntity,
  ClientEntity,
  SessionEntity,
  MeasurementEntity,
  AuditLogEntity,
  UserEntity,
  AuthTokenEntity,
  ClaimEntity,
  DisplayNameEntity,
  ErasedClientEntity,
  DataChangeEntity,
  PublicCardEntity,
];
