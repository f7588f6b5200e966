import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One reading, in the measure's canonical unit, with the value and unit as recorded. The primary
 * key is the contract's duplicate key (client, session, phase, measure, site, trial), with '' for
 * no site and 0 for no trial number. clinic_id repeats the session's so that the table can be
 * distributed by clinic (docs/scaling.md).
 */
@Entity({ name: 'measurements' })
@Check('measurements_phase_check', `phase IN ('pre', 'post', 'followup')`)
export class MeasurementEntity {
  @PrimaryColumn({ name: 'client_id', type: 'bigint', primaryKeyConstraintName: 'measurements_pkey' })
  clientId!: string;

  @PrimaryColumn({ name: 'session_number', type: 'integer', primaryKeyConstraintName: 'measurements_pkey' })
  sessionNumber!: number;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'measurements_pkey' })
  phase!: 'pre' | 'post' | 'followup';

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'measurements_pkey' })
  measure!: string;

  @PrimaryColumn({ type: 'text', default: '', primaryKeyConstraintName: 'measurements_pkey' })
  site!: string;

  @PrimaryColumn({ type: 'integer', default: 0, primaryKeyConstraintName: 'measurements_pkey' })
  trial!: number;

  @Column({ name: 'clinic_id', type: 'integer', nullable: true })
  clinicId!: number | null;

  @Column({ type: 'double precision' })
  value!: number;

  @Column({ name: 'raw_value', type: 'double precision' })
  rawValue!: number;

  @Column({ name: 'raw_unit', type: 'text' })
  rawUnit!: string;

  @Column({ name: 'batch_id', type: 'bigint' })
  batchId!: string;
}
