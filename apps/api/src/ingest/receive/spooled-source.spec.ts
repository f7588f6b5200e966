import { access, mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpooledSource } from './spooled-source.js';

/** An upload in chunks that counts how far it was read and whether it was closed. */
function upload(chunks: string[]): { source: AsyncIterable<Uint8Array>; closed: () => boolean } {
  let closed = false;
  return {
    source: {
      [Symbol.asyncIterator]: () => {
        let next = 0;
        return {
          next: async () => (next < chunks.length ? { done: false, value: Buffer.from(chunks[next++]) } : { done: true, value: undefined }),
          return: async () => {
            closed = true;
            return { done: true, value: undefined };
          },
        };
      },
    },
    closed: () => closed,
  };
}

async function text(source: AsyncIterable<Uint8Array>): Promise<string> {
  let all = '';
  for await (const chunk of source) all += Buffer.from(chunk).toString('utf8');
  return all;
}

describe('SpooledSource', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'spooled-source-test-'));
  });
  afterEach(() => rm(directory, { recursive: true, force: true }));

  it('passes the upload through, and replays all of it after a reading stopped early, without closing the upload first', async () => {
    const { source, closed } = upload(['client_id,', 'session\n', 'a,1\n', 'b,2\n']);
    const spooled = await SpooledSource.create(source, directory);
    let firstPart = '';
    for await (const chunk of spooled) {
      firstPart += Buffer.from(chunk).toString('utf8');
      if (firstPart.includes('\n')) break; // the reader stops early (its iterator's return())
    }
    expect(firstPart).toBe('client_id,session\n');
    expect(closed()).toBe(false);
    expect(await text(await spooled.replay())).toBe('client_id,session\na,1\nb,2\n');
    await spooled.dispose();
    expect(await readdir(directory)).toEqual([]);
  });

  it('deletes its copy when disposed of unreplayed', async () => {
    const spooled = await SpooledSource.create(upload(['a', 'b']).source, directory);
    expect(await text(spooled)).toBe('ab');
    const [folder] = await readdir(directory);
    await spooled.dispose();
    await expect(access(join(directory, folder))).rejects.toThrow();
  });

  it('fails the replay when the upload fails while the rest is read', async () => {
    const failing: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => {
        let sent = false;
        return {
          next: async () => {
            if (sent) throw new Error('aborted');
            sent = true;
            return { done: false, value: Buffer.from('a') };
          },
        };
      },
    };
    const spooled = await SpooledSource.create(failing, directory);
    await expect(spooled.replay()).rejects.toThrow('aborted');
    await spooled.dispose();
    expect(await readdir(directory)).toEqual([]);
  });

  it('deletes the copies a stopped process left, unchanged for longer than asked, never a live one', async () => {
    const hourAgo = new Date(Date.now() - 3_600_000);
    const leftOver = join(directory, 'threshold-upload-left');
    await mkdir(leftOver);
    await writeFile(join(leftOver, 'upload'), 'client_id');
    await utimes(join(leftOver, 'upload'), hourAgo, hourAgo);
    const recent = join(directory, 'threshold-upload-recent');
    await mkdir(recent);
    await writeFile(join(recent, 'upload'), 'client_id');
    const other = join(directory, 'not-an-upload');
    await mkdir(other);
    await utimes(other, hourAgo, hourAgo);
    const live = await SpooledSource.create(upload(['a']).source, directory);
    const [liveFolder] = (await readdir(directory)).filter((name) => !['threshold-upload-left', 'threshold-upload-recent', 'not-an-upload'].includes(name));
    expect(await text(await live.replay())).toBe('a'); // the copy complete and closed
    await utimes(join(directory, liveFolder, 'upload'), hourAgo, hourAgo);

    expect(await SpooledSource.removeStale(60_000, directory)).toBe(1);
    expect((await readdir(directory)).sort()).toEqual([liveFolder, 'not-an-upload', 'threshold-upload-recent'].sort());
    await live.dispose();
  });
});
