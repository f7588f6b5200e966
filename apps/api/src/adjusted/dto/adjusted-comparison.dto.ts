/**
 * The answer of GET /api/therapists/adjusted (report-contract.md section 6, docs/api.md) described
 * for OpenAPI. The shape is the command line's `outcomes therapists` object with the caller's view
 * of the entries (adjusted.service.ts, principal-view.ts); these classes only document it.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FixedEffectDto } from '../../reports/dto/report.dto.js';

const nullableNumber = { type: Number, nullable: true } as const;

export class AdjustedEntryDto {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'stored key (by=therapist); null when anonymous',
  })
  therapist?: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'stored key (by=clinic); null when anonymous',
  })
  clinic?: string | null;
  @ApiProperty({
    description: 'another clinic’s therapist (or clinic), or, for a therapist, anyone but themselves',
  })
  anonymous!: boolean;
  @ApiPropertyOptional({ description: 'true on a therapist’s own entry' }) self?: boolean;
  @ApiProperty() nClients!: number;
  @ApiProperty({ ...nullableNumber, description: 'null on anonymous entries' }) observedMeanChange!:
    | number
    | null;
  @ApiProperty({
    ...nullableNumber,
    description:
      'mean of the fixed part over the entry’s clients (what their case mix predicts); null on anonymous entries',
  })
  expectedMeanChange!: number | null;
  @ApiProperty({ description: 'conditional mode (R’s ranef)' }) effect!: number;
  @ApiProperty({ description: 'its conditional SD' }) effectSd!: number;
  @ApiProperty() ciLow!: number;
  @ApiProperty() ciHigh!: number;
  @ApiProperty({ description: '(Intercept) + effect' }) adjustedMeanChange!: number;
  @ApiProperty({ enum: ['above', 'within', 'below'] }) signal!: string;
}

export class WithheldDto {
  @ApiProperty({ description: 'entries left out of the list (they stay in the model)' }) entries!: number;
  @ApiProperty({ description: 'their clients' }) clients!: number;
}

export class AdjustedComparisonDto {
  @ApiProperty({ enum: [1] }) version!: 1;
  @ApiProperty() measure!: string;
  @ApiProperty({ description: 'canonical unit of the measure' }) unit!: string;
  @ApiProperty() site!: string;
  @ApiProperty({ enum: ['therapist', 'clinic'] }) by!: string;
  @ApiProperty(nullableNumber) mcid!: number | null;
  @ApiPropertyOptional({
    type: [FixedEffectDto],
    description: '(Intercept), baseline_c, sessions_c, condition[B]',
  })
  fixedEffects?: FixedEffectDto[];
  @ApiPropertyOptional({ description: 'by=therapist' }) therapistVar?: number;
  @ApiPropertyOptional({ description: 'by=clinic' }) clinicVar?: number;
  @ApiPropertyOptional() residualVar?: number;
  @ApiPropertyOptional() icc?: number;
  @ApiPropertyOptional() singular?: boolean;
  @ApiPropertyOptional() nClients?: number;
  @ApiPropertyOptional() nTherapists?: number;
  @ApiPropertyOptional() nClinics?: number;
  @ApiPropertyOptional() logLikREML?: number;
  @ApiPropertyOptional() converged?: boolean;
  @ApiPropertyOptional({ type: [String] }) warnings?: string[];
  @ApiPropertyOptional({
    type: [AdjustedEntryDto],
    nullable: true,
    description: 'by=therapist, in key order; null with a note when there is no comparison',
  })
  therapists?: AdjustedEntryDto[] | null;
  @ApiPropertyOptional({ type: [AdjustedEntryDto], nullable: true, description: 'by=clinic' })
  clinics?: AdjustedEntryDto[] | null;
  @ApiPropertyOptional({ description: 'why there is no comparison' }) note?: string;
  @ApiProperty({ type: WithheldDto }) withheld!: WithheldDto;
}
