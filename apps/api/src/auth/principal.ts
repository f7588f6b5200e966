/** Who is calling: for now the admin behind the deployment's token; users and roles build on this. */
export interface Principal {
  /** Written in the audit log and on ingest batches. */
  name: string;
  role: 'admin';
}

declare module 'express' {
  interface Request {
    principal?: Principal;
  }
}
