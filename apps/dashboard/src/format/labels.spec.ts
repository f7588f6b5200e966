import { groupLabel, humanize, shortKey, siteLabel } from './labels.js';

describe('labels', () => {
  it('turns codes into words', () => {
    expect(humanize('trigger_point_release')).toBe('Trigger point release');
    expect(humanize('pain_nrs')).toBe('Pain NRS');
    expect(humanize('ppt')).toBe('PPT');
  });

  it('shortens pseudonymous keys but not other ids', () => {
    expect(shortKey('3f2a91c0aa11bb22cc33dd44ee55ff66')).toBe('3f2a91c0…');
    expect(shortKey('t001')).toBe('t001');
    expect(groupLabel('3f2a91c0aa11bb22cc33dd44ee55ff66', 'therapist_id')).toBe('Therapist 3f2a91c0…');
    expect(groupLabel('deep_tissue', 'technique')).toBe('Deep tissue');
  });

  it('names the site of a view', () => {
    expect(siteLabel(undefined)).toBe('all sites (averaged)');
    expect(siteLabel('suboccipital_left')).toBe('Suboccipital left');
  });
});
