/**
 * Client courses (issue 22, report-cells/kept-courses.sql.ts): what a report needs of each client's
 * whole series of a measure, one row per (measure, client), so that an unfiltered report joins each
 * cell to its client's row instead of running two windows over every cell. Filled here from the
 * report cells, as kept-courses.sql.ts computed courses when this migration was written (a copy: a
 * migration must not change with the code that keeps the table afterwards).
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ClientCourses1796700000000 implements MigrationInterface {
  name = 'ClientCourses1796700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE client_courses (
        measure                text NOT NULL,
        client_id              bigint NOT NULL,
        first_session          integer NOT NULL,
        technique              text NOT NULL,
        condition              text,
        therapist_id           integer,
        clinic_id              integer,
        baseline               double precision,
        last_pre_session       integer,
        n                      integer NOT NULL,
        st                     double precision,
        stt                    double precision,
        sy                     double precision,
        sty                    double precision,
        syy                    double precision,
        response_bounds        double precision[],
        response_sessions      integer[],
        first_followup         integer,
        followup_after_course  integer,
        end_of_course          double precision,
        course_followup        double precision,
        days_to_followup       integer,
        CONSTRAINT client_courses_pkey PRIMARY KEY (measure, client_id)
      )`);
    await queryRunner.query(`
      INSERT INTO client_courses (measure, client_id, first_session, technique, condition, therapist_id, clinic_id, baseline,
        last_pre_session, n, st, stt, sy, sty, syy, response_bounds, response_sessions, first_followup, followup_after_course,
        end_of_course, course_followup, days_to_followup)
      WITH series AS (
        SELECT c.measure, c.client_id, c.session_number AS s, c.pre, c.followup, c.session_date, d.sign,
               first_value(c.session_number) OVER w AS first_session,
               first_value(c.technique) OVER w AS technique,
               first_value(c.condition) OVER w AS condition,
               first_value(c.therapist_id) OVER w AS therapist_id,
               first_value(c.clinic_id) OVER w AS clinic_id,
               max(c.pre) FILTER (WHERE c.session_number = 1) OVER w AS baseline,
               max(c.session_number) FILTER (WHERE c.pre IS NOT NULL) OVER w AS last_pre_session,
               count(c.pre) OVER w AS n,
               sum((c.session_number - 1)::float8) FILTER (WHERE c.pre IS NOT NULL) OVER w AS st,
               sum((c.session_number - 1)::float8 * (c.session_number - 1)) FILTER (WHERE c.pre IS NOT NULL) OVER w AS stt,
               sum(c.pre) OVER w AS sy,
               sum((c.session_number - 1) * c.pre) OVER w AS sty,
               sum(c.pre * c.pre) OVER w AS syy,
               min(c.session_number) FILTER (WHERE c.followup IS NOT NULL) OVER w AS first_followup
          FROM report_cells c JOIN (VALUES ('ppt', 1::float8), ('pain_nrs', -1::float8), ('headache_days', -1::float8), ('hdi', -1::float8)) d(measure, sign) ON d.measure = c.measure
        
        WINDOW w AS (PARTITION BY c.measure, c.client_id ORDER BY c.session_number ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
      ),
      changes AS (
        SELECT x.*, CASE WHEN x.s > 1 THEN x.sign * (x.pre - x.baseline) END AS change,
               min(x.s) FILTER (WHERE x.followup IS NOT NULL AND x.s > x.last_pre_session) OVER (
                 PARTITION BY x.measure, x.client_id ORDER BY x.s ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
               ) AS followup_after_course
          FROM series x
      ),
      records AS (
        SELECT y.*,
               y.change > coalesce(
                 max(y.change) OVER (PARTITION BY y.measure, y.client_id ORDER BY y.s ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
                 '-Infinity'::float8
               ) AS record
          FROM changes y
      )
      SELECT measure, client_id, min(first_session), min(technique), min(condition), min(therapist_id), min(clinic_id),
             min(baseline), min(last_pre_session), min(n)::integer, min(st), min(stt), min(sy), min(sty), min(syy),
             array_agg(-change ORDER BY s DESC) FILTER (WHERE record),
             array_agg(s ORDER BY s DESC) FILTER (WHERE record),
             min(first_followup), min(followup_after_course),
             max(pre) FILTER (WHERE s = last_pre_session),
             max(followup) FILTER (WHERE s = followup_after_course),
             max(session_date) FILTER (WHERE s = followup_after_course) - max(session_date) FILTER (WHERE s = last_pre_session)
        FROM records
       GROUP BY measure, client_id`);
    await queryRunner.query(`ANALYZE client_courses`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE client_courses`);
  }
}
