import type { MeasurementRow } from '@threshold/ingest';
import { Pseudonymizer } from '../../pseudonyms/pseudonymizer.js';
import { BatchClients } from './batch-clients.js';
import { clientColumnChunks } from '../stage/staged-row.js';
import { measurementRow } from '../testing/measurement-row.js';

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

  it('keeps thousands of keys (its store grows), and stages them in chunks of the size asked', () => {
    const clients = new BatchClients(pseudonyms);
    const ids = Array.from({ length: 5000 }, (_, i) => `client-${i}`);
    ids.forEach((id, i) => clients.add(row(id, 1, i + 2), i % 2 === 0 ? 'even clinic' : null));
    const chunks = [...clientColumnChunks(clients, 2000)];
    expect(chunks.map((chunk) => chunk[0].length)).toEqual([2000, 2000, 1000]);
    const [ordinals, keys, clinics] = [0, 1, 2].map((column) => chunks.flatMap((chunk) => chunk[column]));
    expect(ordinals).toEqual(ids.map((_, i) => i + 1));
    expect(keys).toEqual(ids.map((id) => pseudonyms.key('client', id)));
    expect(clinics.slice(0, 3)).toEqual(['even clinic', null, 'even clinic']);
  });
});
