import { governingDomains, mostRestrictiveMode } from './governing-mode';

describe('governing mode of a proposal', () => {
  it('adds the business domains of the source events to the action domain', () => {
    expect(
      governingDomains('procurement', [
        'inventory.level-reported.v1',
        'inventory.demand-recorded.v1',
        'procurement.supplier-terms-updated.v1',
        'agent.action-proposed.v1',
      ]),
    ).toEqual(['procurement', 'inventory']);
    expect(governingDomains('planning', [])).toEqual(['planning']);
  });

  it('takes the most restrictive mode', () => {
    expect(mostRestrictiveMode(['automated', 'automated'])).toBe('automated');
    expect(mostRestrictiveMode(['automated', 'probation'])).toBe('probation');
    expect(mostRestrictiveMode(['probation', 'manual-fallback', 'automated'])).toBe('manual-fallback');
    expect(mostRestrictiveMode([])).toBe('automated');
  });
});
