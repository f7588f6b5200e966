/**
 * One `COPY table (columns) FROM STDIN` on a connection of a PostgreSQL server, written piece by
 * piece; shared by the staging writer and the streaming store. The COPY's error is caught the
 * moment it happens (an error nothing awaits would crash the process) and reported by the next
 * write or by the end.
 */
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { from as copyFrom, type CopyStreamQuery } from 'pg-copy-streams';
import type pg from 'pg';

export class CopyIn {
  private error: Error | null = null;

  private constructor(private readonly stream: CopyStreamQuery) {
    stream.on('error', (error: Error) => {
      this.error ??= error;
    });
  }

  static start(client: pg.PoolClient, table: string, columns: string): CopyIn {
    return new CopyIn(client.query(copyFrom(`COPY ${table} (${columns}) FROM STDIN`)));
  }

  /** Writes a piece of COPY text, waiting only when the connection's buffer is full. */
  async write(piece: string | Buffer): Promise<void> {
    if (this.error !== null) throw this.error;
    if (piece.length === 0) return;
    // once() rejects if the COPY fails while it waits.
    if (!this.stream.write(piece)) await once(this.stream, 'drain');
  }

  /** Ends the COPY and waits until PostgreSQL has stored its rows. */
  async end(): Promise<void> {
    if (this.error !== null) throw this.error;
    this.stream.end();
    await finished(this.stream);
  }
}
