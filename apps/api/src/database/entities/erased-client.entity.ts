import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A client erased at their request, by stored key only: an ingest naming the key again is refused
 * unless its sender confirms (see ingest/read/erased-clients.ts).
 */
@Entity({ name: 'erased_clients' })
export class ErasedClientEntity {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ name: 'erased_at', type: 'timestamptz', default: () => 'now()' })
  erasedAt!: Date;

  @Column({ name: 'erased_by', type: 'text' })
  erasedBy!: string;
}
