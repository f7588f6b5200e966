// Public surface of @threshold/data: seeded generators.
export {};
