/** The answers of /api/cohorts/* (docs/api.md), for OpenAPI and as the service's return types. */
import { ApiProperty } from '@nestjs/swagger';

export class DateRangeDto {
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date',
    description: 'earliest session date; null when no session is dated',
  })
  from!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' })
  to!: string | null;
}

export class MeasureCountDto {
  @ApiProperty() code!: string;
  @ApiProperty({ description: "the measure's canonical unit" }) unit!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ description: 'clients with at least one reading of the measure' }) clients!: number;
  @ApiProperty({ description: 'readings (each trial counts)' }) measurements!: number;
}

export class CohortSummaryDto {
  @ApiProperty() clients!: number;
  @ApiProperty({ description: 'sessions with at least one selected reading' }) sessions!: number;
  @ApiProperty({ description: 'selected readings' }) measurements!: number;
  @ApiProperty({ description: 'distinct clinics of the selected sessions' }) clinics!: number;
  @ApiProperty() therapists!: number;
  @ApiProperty({ type: [MeasureCountDto] }) measures!: MeasureCountDto[];
  @ApiProperty({ type: DateRangeDto }) dateRange!: DateRangeDto;
  @ApiProperty({ description: 'the data version the numbers were read at (as X-Data-Version)' })
  dataVersion!: number;
}

export class MeasureOptionDto {
  @ApiProperty() code!: string;
  @ApiProperty() unit!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ enum: ['higher-is-better', 'lower-is-better'] }) direction!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'null: reports need mcid=' }) defaultMcid!:
    | number
    | null;
}

export class CohortFilterOptionsDto {
  @ApiProperty({ type: [MeasureOptionDto], description: 'measures with data' }) measures!: MeasureOptionDto[];
  @ApiProperty({ type: [String] }) sites!: string[];
  @ApiProperty({ type: [String], description: 'unspecified stands for sessions without a condition' })
  conditions!: string[];
  @ApiProperty({ type: [String] }) techniques!: string[];
  @ApiProperty({ type: [String], description: 'stored clinic keys' }) clinics!: string[];
  @ApiProperty({ type: [String], description: 'stored therapist keys' }) therapists!: string[];
  @ApiProperty({ type: DateRangeDto }) dateRange!: DateRangeDto;
}

export class DisplayNamesDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'clinic key → display name',
  })
  clinics!: Record<string, string>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'therapist key → display name',
  })
  therapists!: Record<string, string>;
}

/** The filter values as GET /api/cohorts/filters answers them: with the names of the keys listed. */
export class CohortFilterOptionsWithNamesDto extends CohortFilterOptionsDto {
  @ApiProperty({
    type: DisplayNamesDto,
    description:
      'display names of the clinics and therapists listed that have one and the caller may see (docs/api.md, "Names")',
  })
  names!: DisplayNamesDto;
}

export class SessionReachDto {
  @ApiProperty() session!: number;
  @ApiProperty({
    description: 'clients who reached this session: their last selected session is this one or later',
  })
  clients!: number;
}

export class CoverageCellDto {
  @ApiProperty() session!: number;
  @ApiProperty({ enum: ['pre', 'post', 'followup'] }) phase!: 'pre' | 'post' | 'followup';
  @ApiProperty({ type: String, nullable: true, description: 'null for readings recorded without a site' })
  site!: string | null;
  @ApiProperty({ description: 'clients with a value of the measure here' }) clients!: number;
}

export class CohortCoverageDto {
  @ApiProperty() measure!: string;
  @ApiProperty({ type: [SessionReachDto] }) sessions!: SessionReachDto[];
  @ApiProperty({ type: [CoverageCellDto] }) cells!: CoverageCellDto[];
}
