import { loadConfig, parseOrigins } from './configuration.js';

describe('THRESHOLD_CORS_ORIGINS', () => {
  it('is empty (CORS closed) unless set', () => {
    expect(loadConfig({}, []).corsOrigins).toEqual([]);
    expect(parseOrigins('')).toEqual([]);
  });

  it('takes origins separated by commas or spaces', () => {
    expect(parseOrigins('https://tools.clinic.example, http://localhost:5173  https://b.example')).toEqual([
      'https://tools.clinic.example',
      'http://localhost:5173',
      'https://b.example',
    ]);
  });

  it('refuses what is not exactly an origin, naming it', () => {
    expect(() => parseOrigins('https://clinic.example/')).toThrow(/"https:\/\/clinic.example\/" is not an origin/);
    expect(() => parseOrigins('https://clinic.example/path')).toThrow(/not an origin/);
    expect(() => parseOrigins('*')).toThrow(/"\*" is not an origin/);
    expect(() => parseOrigins('ftp://clinic.example')).toThrow(/not an origin/);
  });
});
