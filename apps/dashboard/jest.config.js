import preset from '../../jest.preset.js';

// Only the pure modules (URL state, statistics for the charts, CSV, number formatting) are unit
// tested here, in Node; everything that draws is exercised in a real browser by test/ (e2e).
export default { ...preset, displayName: 'dashboard' };
