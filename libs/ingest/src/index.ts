// Public surface of @threshold/ingest: reading the canonical long format (report-contract.md section 1).
export {};
