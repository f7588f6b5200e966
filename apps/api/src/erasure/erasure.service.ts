/**
 * Erasures as the API and the jobs ask for them: each is checked against the caller's rights,
 * done in one transaction (erasure.repository.ts), recorded in the audit log (stored keys, who,
 * counts; never values), and announced to this process's caches (DataChanges), which then read
 * the new data version.
 */
import { Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { DataChanges } from '../database/data-changes.js';
import { Pseudonymizer } from '../pseudonyms/pseudonymizer.js';
import { ErasureRepository, type ErasedCounts, type SessionsBefore, type StoredClient } from './erasure.repository.js';

export interface ClientErased {
  /** The client's stored key (the keyed hash of the id given). */
  clientKey: string;
  readings: number;
  sessions: number;
}

/** An admin may act on any client; an owner on the clients of their clinics only. */
export function mayActOnClient(principal: Principal, client: StoredClient): boolean {
  if (principal.role === 'admin') return true;
  return principal.role === 'owner' && client.clinicKey !== null && principal.clinicKeys.includes(client.clinicKey);
}

@Injectable()
export class ErasureService {
  constructor(
    private readonly repository: ErasureRepository,
    private readonly pseudonymizer: Pseudonymizer,
    private readonly audit: AuditService,
    private readonly changes: DataChanges,
  ) {}

  /** The stored client with the clinic's id `clientId`, if the caller may act on it; else a 404 that tells nothing more. */
  async findClient(clientId: string, principal: Principal): Promise<StoredClient & { key: string }> {
    const key = this.pseudonymizer.key('client', clientId);
    const client = await this.repository.findClient(key);
    if (client === null || !mayActOnClient(principal, client)) throw await this.noClient(key, principal);
    return { ...client, key };
  }

  /** What erasing the client would delete, deleting nothing (the dashboard's confirmation step). */
  async previewClient(clientId: string, principal: Principal): Promise<ClientErased> {
    const client = await this.findClient(clientId, principal);
    return { clientKey: client.key, ...(await this.repository.countClient(client.id)) };
  }

  async eraseClient(clientId: string, principal: Principal): Promise<ClientErased> {
    const key = this.pseudonymizer.key('client', clientId);
    const erased = await this.repository.eraseClient(key, principal.name, (client) => mayActOnClient(principal, client));
    if (erased === null) throw await this.noClient(key, principal);
    this.changes.notify();
    await this.audit.record({
      actor: principal.name,
      action: 'client erased',
      target: `client ${key}`,
      detail: { readings: erased.readings, sessions: erased.sessions },
    });
    return { clientKey: key, readings: erased.readings, sessions: erased.sessions };
  }

  /** Undoes a stored batch: an admin any, an owner the batches they sent. */
  async eraseBatch(batchId: string, principal: Principal): Promise<ErasedCounts & { batchId: string }> {
    const outcome = await this.repository.eraseBatch(batchId, (createdBy) => principal.role === 'admin' || createdBy === principal.name);
    if (outcome.kind === 'not found') throw new NotFoundException(`no batch ${batchId}`);
    if (outcome.kind === 'not stored') {
      throw new NotFoundException(`batch ${batchId} is ${outcome.status}: only a stored batch has readings to erase`);
    }
    this.changes.notify();
    await this.audit.record({ actor: principal.name, action: 'batch erased', target: `batch ${batchId}`, detail: { ...outcome.counts } });
    return { batchId, ...outcome.counts };
  }

  /** The retention job's erasure of one clinic's old sessions, audited as the job's. */
  async eraseSessionsBefore(due: SessionsBefore & { clinicKey: string; years: number }): Promise<ErasedCounts> {
    const counts = await this.repository.eraseSessionsBefore(due);
    if (counts.sessions > 0) {
      this.changes.notify();
      await this.audit.record({
        actor: 'retention job',
        action: 'retention erased',
        target: `clinic ${due.clinicKey}`,
        detail: { years: due.years, before: due.before, ...counts },
      });
    }
    return counts;
  }

  private async noClient(key: string, principal: Principal): Promise<NotFoundException> {
    const erasedAt = principal.role === 'admin' ? await this.repository.erasedAt(key) : null;
    if (erasedAt !== null) return new NotFoundException(`this client was erased on ${erasedAt.toISOString()}; nothing of theirs is stored`);
    return new NotFoundException(
      principal.role === 'admin' ? 'no client with this id is stored' : 'no client with this id is stored for your clinics',
    );
  }
}
