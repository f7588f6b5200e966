/**
 * The plausible range of each value of the form (report-contract.md section 1), checked before a
 * session is sent so that the form can ask again (a reading typed in kPa while the unit says
 * kg/cm2 is 98 times too large). The API checks the same ranges and refuses what is outside
 * them; this only asks first, so that nothing is sent to be refused.
 */
import type { SessionPayload } from '../../api/api-types.js';

/** kPa per unit of the algometer (the contract's conversions). */
export const PPT_UNITS: Readonly<Record<string, number>> = {
  'kg/cm2': 98.0665,
  kPa: 1,
  'N/cm2': 10,
  'lbf/in2': 6.894757,
};

const PPT_MAX_KPA = 2000;
const PAIN_MAX = 10;
const HEADACHE_DAYS_MAX = 28;

/** A value outside its plausible range: its form field (as the API names it) and a sentence. */
export interface ImplausibleValue {
  field: string;
  message: string;
}

const round = (value: number): string => String(Math.round(value * 100) / 100);

export function implausibleValues(
  session: SessionPayload,
  siteLabel: (site: string) => string,
): ImplausibleValue[] {
  const found: ImplausibleValue[] = [];
  const perUnit = PPT_UNITS[session.unit] ?? 1;
  const maxInUnit = PPT_MAX_KPA / perUnit;
  session.sites.forEach((site, index) => {
    for (const phase of ['pre', 'post'] as const) {
      site[phase].forEach((value, trial) => {
        if (value === null || (value >= 0 && value * perUnit <= PPT_MAX_KPA)) return;
        found.push({
          field: `sites[${index}].${phase}[${trial}]`,
          message: `${siteLabel(site.site)}, ${phase === 'pre' ? 'before' : 'after'}, trial ${trial + 1}: ${value} ${session.unit} is outside the plausible range (0 to ${round(maxInUnit)} ${session.unit}). Is the unit right?`,
        });
      });
    }
  });
  for (const phase of ['pre', 'post'] as const) {
    const value = session.painNrs[phase];
    if (value !== null && (value < 0 || value > PAIN_MAX))
      found.push({
        field: `painNrs.${phase}`,
        message: `Pain ${phase === 'pre' ? 'before' : 'after'}: ${value} is outside the scale of 0 to ${PAIN_MAX}.`,
      });
  }
  const days = session.headacheDays;
  if (days !== null && (days < 0 || days > HEADACHE_DAYS_MAX))
    found.push({
      field: 'headacheDays',
      message: `Headache days: ${days} is outside 0 to ${HEADACHE_DAYS_MAX} (days in the last 4 weeks).`,
    });
  return found;
}
