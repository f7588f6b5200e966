import type { MeasurementRow } from '@threshold/ingest';
import { Pseudonymizer } from '../pseudonyms/pseudonymizer.js';
import { BatchClients } from './batch-clients.js';
import { measurementRow } from './testing/measurement-row.js';

const row = (clientId: string, session: number, line: number): MeasurementRow => measurementRow({ clientId, session, line });

describe('BatchClients', () => {
  const pseudonyms = new Pseudonymizer('a deployment secret of test');

  it('numbers clients in order of first appearance, pseudonymised with the deployment key', () => {
    const clients = new BatchClients(pseudonyms);
    expect([row('b', 1, 2), row('a', 1, 3), row('b', 2, 4), row('c', 1, 5), row('a', 2, 6)].map((r) => clients.add(r, null))).toEqual([1, 2, 1, 3, 2]);
    expect([...clients.rows()].map((client) => client.key)).toEqual(['b', 'a', 'c'].map((id) => pseudonyms.key('client', id)));
    expect(clients.size).toBe(3);
  });

  it("gives a client the clinic of its earliest session, the first line's when tied, whatever the order of the lines", () => {
    const clients = new BatchClients(pseudonyms);
    clients.add(row('a', 3, 2), 'clinic of session 3');
    clients.add(row('a', 1, 3), 'clinic of session 1');
    clients.add(row('a', 1, 4), 'a later line of session 1');
    clients.add(row('a', 2, 5), 'clinic of session 2');
    expect([...clients.rows()]).toEqual([{ ordinal: 1, key: pseudonyms.key('client', 'a'), clinicKey: 'clinic of session 1' }]);
  });
});
