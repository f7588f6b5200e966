/**
 * What the API's report must equal: the command line's report (`reportFromFile`) of a file for the
 * query of a GET /api/reports (measure, site, by, ref, mcid), with the optimiser's own diagnostics
 * left out: how many Newton steps it took and the gradient norm where it stopped depend on the last
 * bits of the inputs (sums added in another order), not on the data; the estimates are compared.
 */
import { reportFromFile } from '../../cli/report-command.js';

export async function cliReport(file: string, query: string): Promise<unknown> {
  const parameters = new URLSearchParams(query);
  const mcid = parameters.get('mcid');
  const report = await reportFromFile({
    file,
    measure: parameters.get('measure') ?? 'ppt',
    site: parameters.get('site') ?? 'all',
    by: parameters.get('by') ?? 'technique',
    reference: parameters.get('ref') ?? undefined,
    mcid: mcid === null ? undefined : Number(mcid),
  });
  const json = JSON.parse(JSON.stringify(report)) as { trajectory: Record<string, unknown> | null };
  if (json.trajectory !== null) {
    delete json.trajectory.iterations;
    delete json.trajectory.gradientNorm;
  }
  return json;
}
