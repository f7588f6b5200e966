/**
 * A CSV file of new clients of one technique whose pressure-pain threshold falls between session 1
 * and session 2: ingested after a claim about that technique is published, it makes the claim's
 * criteria fail, as a real batch of poor results would.
 */
import { writeFile } from 'node:fs/promises';

export async function writeWorseningFile(
  file: string,
  options: { technique: string; clinic: string; clients: number; fallKpa: number },
): Promise<void> {
  const lines = ['client_id,clinic_id,therapist_id,condition,technique,session,session_date,phase,measure,site,value,unit'];
  for (let index = 1; index <= options.clients; index++) {
    const client = `w${String(index).padStart(6, '0')}`;
    // Baselines spread over 250-350 kPa, falls spread ±10 kPa around the given size.
    const baseline = 250 + ((index * 37) % 100);
    const fall = options.fallKpa + ((index * 13) % 21) - 10;
    for (const [session, date, value] of [
      [1, '2025-03-03', baseline],
      [2, '2025-03-10', baseline - fall],
    ] as const) {
      lines.push(`${client},${options.clinic},t900,neck_pain,${options.technique},${session},${date},pre,ppt,upper_trapezius_left,${value},kPa`);
    }
  }
  await writeFile(file, `${lines.join('\n')}\n`);
}
