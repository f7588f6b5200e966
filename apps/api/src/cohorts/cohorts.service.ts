/**
 * Cohort questions for the dashboard: filter options, how much a filter selects, and which
 * measurements are missing. Answers are cached per data version and query (versioned-cache.ts),
 * as reports are: they change only when an ingest stores rows.
 */
import { Injectable, Logger } from '@nestjs/common';
import { ComputeAdmission } from '../admission/compute-admission.js';
import { compareCodePoints, findMeasure, type MeasureDefinition } from '@threshold/stats';
import { DataChanges } from '../database/data-changes.js';
import type { CohortFilters } from './cohort-filters.js';
import { CohortsRepository } from './cohorts.repository.js';
import { DataVersionRepository } from './data-version.repository.js';
import type {
  CohortCoverageDto,
  CohortFilterOptionsDto,
  CohortSummaryDto,
} from './dto/cohort-responses.dto.js';
import { VersionedCache, type CacheAnswer } from './versioned-cache.js';

/** Distinct cohort answers kept; each is a few kilobytes. */
const COHORT_CACHE_CAPACITY = 500;

type CohortAnswer = CohortSummaryDto | CohortFilterOptionsDto | CohortCoverageDto;

@Injectable()
export class CohortsService {
  private readonly logger = new Logger('Cohorts');
  // Computed only once the latest ingest's planner statistics are in (see DataChanges).
  private readonly cache = new VersionedCache<CohortAnswer>(COHORT_CACHE_CAPACITY, () =>
    this.changes.settled(),
    (work) => this.admission.run(work),
  );

  constructor(
    private readonly repository: CohortsRepository,
    private readonly dataVersion: DataVersionRepository,
    private readonly changes: DataChanges,
    private readonly admission: ComputeAdmission,
  ) {}

  /** Filter options; `clinicScope` (a user's clinics) limits the clinics and therapists offered. */
  async filterOptions(clinicScope: readonly string[]): Promise<CacheAnswer<CohortFilterOptionsDto>> {
    const key = JSON.stringify({ question: 'filters', clinicScope: [...clinicScope].sort() });
    return this.cached(key, async () => {
      const row = await this.repository.filterValues(clinicScope);
      const { dataVersion, measures, ...values } = row;
      return {
        version: dataVersion,
        value: {
          measures: measures.flatMap((code) => {
            const measure = findMeasure(code);
            return measure === undefined ? [] : [measureOption(measure)];
          }),
          ...values,
        },
      };
    });
  }

  async summary(filters: CohortFilters): Promise<CacheAnswer<CohortSummaryDto>> {
    return this.cached(JSON.stringify({ question: 'summary', filters }), async () => {
      const row = await this.repository.summary(filters);
      return {
        version: row.dataVersion,
        value: {
          ...row,
          measures: row.measures.flatMap(({ code, clients, measurements }) => {
            const measure = findMeasure(code);
            return measure === undefined
              ? []
              : [{ code, unit: measure.canonicalUnit, label: measure.label, clients, measurements }];
          }),
        },
      };
    });
  }

  async coverage(filters: CohortFilters & { measure: string }): Promise<CacheAnswer<CohortCoverageDto>> {
    return this.cached(JSON.stringify({ question: 'coverage', filters }), async () => {
      const row = await this.repository.coverage(filters);
      return { version: row.dataVersion, value: coverageFrom(filters.measure, row.lastSessions, row.cells) };
    });
  }

  private async cached<T extends CohortAnswer>(
    key: string,
    compute: () => Promise<{ value: T; version: number }>,
  ): Promise<CacheAnswer<T>> {
    const version = await this.dataVersion.current();
    const answer = await this.cache.get(version, key, async () => {
      const started = performance.now();
      const computed = await compute();
      this.logger.log({
        event: 'cohort question computed',
        question: key,
        dataVersion: computed.version,
        ms: Math.round(performance.now() - started),
      });
      return computed;
    });
    return answer as CacheAnswer<T>;
  }
}

function measureOption(measure: MeasureDefinition): CohortFilterOptionsDto['measures'][number] {
  return {
    code: measure.code,
    unit: measure.canonicalUnit,
    label: measure.label,
    direction: measure.direction,
    defaultMcid: measure.defaultMcid,
  };
}

/**
 * The coverage map: for each session number up to the last one reached, the clients who reached
 * it (their last selected session is that one or later); and the cells in session order, pre
 * before post before followup, sites in code-point order (readings without a site last, as site null).
 */
/** Cells of one session number: pre, then post, then follow-up (another client's visit of that number). */
const PHASE_ORDER = { pre: 0, post: 1, followup: 2 } as const;

export function coverageFrom(
  measure: string,
  lastSessions: readonly { session: number; clients: number }[],
  cells: readonly { session: number; phase: 'pre' | 'post' | 'followup'; site: string; clients: number }[],
): CohortCoverageDto {
  const maxSession = lastSessions.reduce((max, row) => Math.max(max, row.session), 0);
  const endingAt = new Array<number>(maxSession + 2).fill(0);
  for (const row of lastSessions) endingAt[row.session] += row.clients;
  const sessions: CohortCoverageDto['sessions'] = [];
  let reached = 0;
  for (let session = maxSession; session >= 1; session--) {
    reached += endingAt[session];
    sessions.push({ session, clients: reached });
  }
  sessions.reverse();
  const sorted = [...cells].sort(
    (a, b) =>
      a.session - b.session ||
      PHASE_ORDER[a.phase] - PHASE_ORDER[b.phase] ||
      (a.site === '' ? 1 : 0) - (b.site === '' ? 1 : 0) ||
      compareCodePoints(a.site, b.site),
  );
  return {
    measure,
    sessions,
    cells: sorted.map((cell) => ({
      session: cell.session,
      phase: cell.phase,
      site: cell.site === '' ? null : cell.site,
      clients: cell.clients,
    })),
  };
}
