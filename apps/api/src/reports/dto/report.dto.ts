/**
 * Report v1 (shared/docs/report-contract.md section 3) described for OpenAPI. The shape is
 * libs/stats' OutcomesReport; these classes only document it (numbers that cannot be computed are
 * null).
 */
import { ApiProperty } from '@nestjs/swagger';

const nullableNumber = { type: Number, nullable: true } as const;

export class SessionSummaryDto {
  @ApiProperty() session!: number;
  @ApiProperty({ enum: ['pre', 'post'] }) phase!: 'pre' | 'post';
  @ApiProperty() n!: number;
  @ApiProperty(nullableNumber) mean!: number | null;
  @ApiProperty(nullableNumber) sd!: number | null;
  @ApiProperty(nullableNumber) ciLow!: number | null;
  @ApiProperty(nullableNumber) ciHigh!: number | null;
  @ApiProperty(nullableNumber) median!: number | null;
}

export class WithinSessionChangeDto {
  @ApiProperty() session!: number;
  @ApiProperty() n!: number;
  @ApiProperty({ ...nullableNumber, description: 'mean of post - pre' }) meanChange!: number | null;
  @ApiProperty(nullableNumber) sd!: number | null;
  @ApiProperty(nullableNumber) ciLow!: number | null;
  @ApiProperty(nullableNumber) ciHigh!: number | null;
  @ApiProperty(nullableNumber) t!: number | null;
  @ApiProperty(nullableNumber) df!: number | null;
  @ApiProperty(nullableNumber) p!: number | null;
  @ApiProperty({ ...nullableNumber, description: 'meanChange / sd' }) dz!: number | null;
}

export class CumulativeChangeDto {
  @ApiProperty() session!: number;
  @ApiProperty() n!: number;
  @ApiProperty({ ...nullableNumber, description: 'mean of pre_k - pre_1' }) meanChange!: number | null;
  @ApiProperty(nullableNumber) ciLow!: number | null;
  @ApiProperty(nullableNumber) ciHigh!: number | null;
  @ApiProperty(nullableNumber) t!: number | null;
  @ApiProperty(nullableNumber) df!: number | null;
  @ApiProperty(nullableNumber) p!: number | null;
}

export class CourseChangeDto {
  @ApiProperty({ description: 'clients with a session-1 pre value and a later one (as responders)' }) n!: number;
  @ApiProperty({ ...nullableNumber, description: "mean of (last pre value - pre_1), each client's last session" })
  meanChange!: number | null;
  @ApiProperty(nullableNumber) sd!: number | null;
  @ApiProperty(nullableNumber) ciLow!: number | null;
  @ApiProperty(nullableNumber) ciHigh!: number | null;
  @ApiProperty(nullableNumber) t!: number | null;
  @ApiProperty(nullableNumber) df!: number | null;
  @ApiProperty(nullableNumber) p!: number | null;
}

export class ResponderSummaryDto {
  @ApiProperty({ description: 'the MCID, in the measure unit' }) threshold!: number;
  @ApiProperty() n!: number;
  @ApiProperty() count!: number;
  @ApiProperty(nullableNumber) rate!: number | null;
  @ApiProperty({ ...nullableNumber, description: 'Wilson score interval' }) ciLow!: number | null;
  @ApiProperty(nullableNumber) ciHigh!: number | null;
}

export class GroupReportDto {
  @ApiProperty({ description: 'the grouping value (stored keys for therapist_id and clinic_id)' })
  name!: string;
  @ApiProperty() nClients!: number;
  @ApiProperty({ type: [SessionSummaryDto] }) sessions!: SessionSummaryDto[];
  @ApiProperty({ type: [WithinSessionChangeDto] }) withinSession!: WithinSessionChangeDto[];
  @ApiProperty({ type: [CumulativeChangeDto] }) cumulative!: CumulativeChangeDto[];
  @ApiProperty({ type: CourseChangeDto }) courseChange!: CourseChangeDto;
  @ApiProperty({ type: ResponderSummaryDto }) responders!: ResponderSummaryDto;
}

export class AncovaContrastDto {
  @ApiProperty(nullableNumber) diff!: number | null;
  @ApiProperty(nullableNumber) se!: number | null;
  @ApiProperty(nullableNumber) df!: number | null;
  @ApiProperty(nullableNumber) ciLow!: number | null;
  @ApiProperty(nullableNumber) ciHigh!: number | null;
  @ApiProperty(nullableNumber) p!: number | null;
}

export class GroupComparisonDto {
  @ApiProperty() a!: string;
  @ApiProperty() b!: string;
  @ApiProperty() endpointSession!: number;
  @ApiProperty() nA!: number;
  @ApiProperty() nB!: number;
  @ApiProperty({ ...nullableNumber, description: 'mean change of b - mean change of a (Welch)' }) diff!:
    | number
    | null;
  @ApiProperty(nullableNumber) ciLow!: number | null;
  @ApiProperty(nullableNumber) ciHigh!: number | null;
  @ApiProperty(nullableNumber) t!: number | null;
  @ApiProperty(nullableNumber) df!: number | null;
  @ApiProperty(nullableNumber) p!: number | null;
  @ApiProperty(nullableNumber) pHolm!: number | null;
  @ApiProperty(nullableNumber) hedgesG!: number | null;
  @ApiProperty(nullableNumber) gCiLow!: number | null;
  @ApiProperty(nullableNumber) gCiHigh!: number | null;
  @ApiProperty({ type: AncovaContrastDto, nullable: true }) ancova!: AncovaContrastDto | null;
}

export class FixedEffectDto {
  @ApiProperty({ description: '(Intercept), time, group[B], time:group[B]' }) term!: string;
  @ApiProperty(nullableNumber) estimate!: number | null;
  @ApiProperty(nullableNumber) se!: number | null;
  @ApiProperty({ ...nullableNumber, description: 'Satterthwaite' }) df!: number | null;
  @ApiProperty(nullableNumber) t!: number | null;
  @ApiProperty(nullableNumber) p!: number | null;
}

export class RandomEffectsDto {
  @ApiProperty({ enum: ['intercept+slope', 'intercept'] }) structure!: 'intercept+slope' | 'intercept';
  @ApiProperty(nullableNumber) interceptVar!: number | null;
  @ApiProperty(nullableNumber) slopeVar!: number | null;
  @ApiProperty(nullableNumber) interceptSlopeCov!: number | null;
  @ApiProperty(nullableNumber) residualVar!: number | null;
}

export class TrajectoryDto {
  @ApiProperty({ type: [FixedEffectDto] }) fixedEffects!: FixedEffectDto[];
  @ApiProperty({ type: RandomEffectsDto }) randomEffects!: RandomEffectsDto;
  @ApiProperty(nullableNumber) logLikREML!: number | null;
  @ApiProperty() nObs!: number;
  @ApiProperty() nClients!: number;
  @ApiProperty() singular!: boolean;
  @ApiProperty() converged!: boolean;
  @ApiProperty() iterations!: number;
  @ApiProperty() gradientNorm!: number;
  @ApiProperty({ type: [String] }) warnings!: string[];
}

export class ReportDto {
  @ApiProperty({ enum: [1] }) version!: 1;
  @ApiProperty() measure!: string;
  @ApiProperty({ description: "the measure's canonical unit" }) unit!: string;
  @ApiProperty({ description: 'one site, or all' }) site!: string;
  @ApiProperty() by!: string;
  @ApiProperty() mcid!: number;
  @ApiProperty({ type: String, nullable: true }) reference!: string | null;
  @ApiProperty({ type: Number, nullable: true }) endpointSession!: number | null;
  @ApiProperty({ type: [GroupReportDto] }) groups!: GroupReportDto[];
  @ApiProperty({ type: [GroupComparisonDto] }) comparisons!: GroupComparisonDto[];
  @ApiProperty({ type: TrajectoryDto, nullable: true }) trajectory!: TrajectoryDto | null;
}
