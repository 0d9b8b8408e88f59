import { adoptVersion, allModels, buildModelCatalog, modelVersion } from './model-catalog';

const settings = {
  demandSensing: { alpha: 0.3, beta: 0.01, gamma: 0.2, maxGapDays: 28 },
  stockoutRisk: { serviceLevel: 0.95, reviewPeriodDays: 7, minHistoryDays: 14 },
  supplierLeadTime: { lateToleranceDays: 1, minSamples: 3, expediteThreshold: 0.5 },
  orderFulfilment: { horizonDays: 7, delayWeight: 0.8, riskThreshold: 0.5 },
  creditRisk: { utilisationWarn: 0.8, daysPastDueLimit: 60, holdThreshold: 0.7, releaseThreshold: 0.4 },
};

describe('model catalog', () => {
  it('versions a model by its code version and a hash of its parameters, whatever their order', () => {
    const version = modelVersion('1.0.0', { alpha: 0.3, maxGapDays: 28 });
    expect(version).toMatch(/^1\.0\.0\+[0-9a-f]{8}$/);
    expect(modelVersion('1.0.0', { maxGapDays: 28, alpha: 0.3 })).toBe(version);
    expect(modelVersion('1.0.0', { alpha: 0.5, maxGapDays: 28 })).not.toBe(version);
  });

  it('gives demand sensing, now Holt-Winters, code version 2.0.0 and the others 1.0.0', () => {
    const catalog = buildModelCatalog(settings);
    expect(catalog.demandSensing.version).toMatch(/^2\.0\.0\+/);
    expect(catalog.stockoutRisk.version).toMatch(/^1\.0\.0\+/);
  });

  it('names five models with their domains and watched inputs', () => {
    const models = allModels(buildModelCatalog(settings));
    expect(models.map((m) => [m.id, m.domain, m.inputs[0]])).toEqual([
      ['demand-sensing', 'inventory', 'dailyDemand'],
      ['stockout-risk', 'inventory', 'daysOfCover'],
      ['supplier-lead-time', 'procurement', 'latenessDays'],
      ['order-fulfilment', 'orders', 'shortageRatio'],
      ['credit-risk', 'credit', 'utilisation'],
    ]);
  });

  it('adopts a registered version of the code it runs, and nothing else', () => {
    const catalog = buildModelCatalog(settings);
    const refit = { alpha: 0.2, beta: 0, gamma: 0.3, maxGapDays: 28 };
    const version = modelVersion('2.0.0', refit);
    expect(adoptVersion(catalog, 'demand-sensing', version, refit)).toBe(true);
    expect(catalog.demandSensing).toMatchObject({ version, parameters: refit, codeVersion: '2.0.0' });
    // Another code version, parameters that do not hash to the version, an unknown model: refused.
    expect(adoptVersion(catalog, 'demand-sensing', modelVersion('1.0.0', refit), refit)).toBe(false);
    expect(adoptVersion(catalog, 'demand-sensing', version, { ...refit, alpha: 0.9 })).toBe(false);
    expect(adoptVersion(catalog, 'weather', version, refit)).toBe(false);
    expect(catalog.demandSensing.version).toBe(version);
  });
});
