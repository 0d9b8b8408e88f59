import { forecastAccuracy } from './forecast-accuracy';
import { decidePromotion, decideRegistration, refitTrigger, type Validation } from './model-lifecycle';

const now = new Date('2026-12-04T10:00:00Z');
const champion = { modelId: 'demand-sensing', version: '1.0.0+aaaaaaaa', status: 'champion' as const };

function backtested(candidateError: number, championError: number): Validation {
  const points = (error: number) => [{ key: 'A', forecast: 10 + error, actual: 10 }];
  const candidate = forecastAccuracy(points(candidateError));
  const champ = forecastAccuracy(points(championError));
  return {
    method: 'rolling-origin backtest',
    comparedWith: champion.version,
    note: '',
    backtest: {
      candidate,
      champion: champ,
      wapeDelta: (candidate.wape ?? 0) - (champ.wape ?? 0),
      firstOrigin: 14,
    },
  };
}

describe('model lifecycle: registering the configured version', () => {
  const none: Validation = { method: 'none', comparedWith: null, note: 'first version' };

  it('makes the first version of a model its champion', () => {
    expect(decideRegistration('1.0.0+aaaaaaaa', undefined, none, undefined, now)).toEqual({
      kind: 'promote',
      validation: none,
      promotion: {
        by: 'deployment',
        at: now.toISOString(),
        replaced: null,
        worseThanChampion: false,
        reason: null,
      },
    });
  });

  it('leaves a version that is already champion alone', () => {
    expect(decideRegistration(champion.version, champion, none, undefined, now)).toEqual({
      kind: 'already-champion',
    });
  });

  it('promotes a version that backtests better (WAPE 0.1 against 0.3), retiring the champion', () => {
    const decision = decideRegistration('2.0.0+bbbbbbbb', champion, backtested(1, 3), undefined, now);
    expect(decision).toMatchObject({
      kind: 'promote',
      promotion: { replaced: champion.version, worseThanChampion: false },
    });
  });

  it('promotes worse new code (2.0.0 over 1.0.0) anyway, flagged: the build no longer runs the old code', () => {
    expect(decideRegistration('2.0.0+bbbbbbbb', champion, backtested(3, 1), undefined, now)).toMatchObject({
      kind: 'promote',
      promotion: { worseThanChampion: true, reason: 'new code 2.0.0: this build no longer runs 1.0.0' },
    });
  });

  it('refuses a worse one (0.3 against 0.1) without a reason, and records the reason given', () => {
    expect(decideRegistration('1.0.0+bbbbbbbb', champion, backtested(3, 1), undefined, now)).toMatchObject({
      kind: 'refuse',
      message:
        'demand-sensing 1.0.0+bbbbbbbb backtests worse than champion 1.0.0+aaaaaaaa (WAPE 0.3000 against 0.1000)',
    });
    expect(
      decideRegistration('1.0.0+bbbbbbbb', champion, backtested(3, 1), 'reviewed by the planners', now),
    ).toMatchObject({
      kind: 'promote',
      promotion: { worseThanChampion: true, reason: 'reviewed by the planners' },
    });
  });
});

describe('model lifecycle: a person promotes a registered version', () => {
  const shadowRun = (wapeDelta: number, against = champion.version) => ({
    since: now.toISOString(),
    champion: against,
    shadow: forecastAccuracy([]),
    championAccuracy: forecastAccuracy([]),
    wapeDelta,
  });
  const refit = (wapeDelta: number, against?: string) => ({
    modelId: 'demand-sensing',
    version: '2.0.0+cccccccc',
    status: 'shadow' as const,
    validation: backtested(1, 3),
    shadow: shadowRun(wapeDelta, against),
  });

  it('promotes a refit that beat the champion in backtest and in shadow, naming who', () => {
    expect(decidePromotion(refit(-0.05), champion, 'u-gwen', undefined, now)).toEqual({
      kind: 'promote',
      promotion: {
        by: 'u-gwen',
        at: now.toISOString(),
        replaced: champion.version,
        worseThanChampion: false,
        reason: null,
      },
    });
  });

  it('refuses one that did worse in shadow (+0.02) without a reason, records the reason given', () => {
    expect(decidePromotion(refit(0.02), champion, 'u-gwen', undefined, now)).toMatchObject({
      kind: 'refuse',
      code: 'worse-than-champion',
    });
    expect(decidePromotion(refit(0.02), champion, 'u-gwen', 'peak season', now)).toMatchObject({
      kind: 'promote',
      promotion: { worseThanChampion: true, reason: 'peak season' },
    });
  });

  it('counts a shadow run against another champion as no evidence, and refuses the champion itself', () => {
    expect(
      decidePromotion(refit(0.5, 'an-older-champion'), champion, 'u-gwen', undefined, now),
    ).toMatchObject({
      kind: 'promote',
    });
    expect(decidePromotion({ ...refit(0), status: 'champion' }, champion, 'u', undefined, now)).toMatchObject(
      {
        kind: 'refuse',
        code: 'already-champion',
      },
    );
  });
});

describe('model lifecycle: what starts a refit of demand sensing', () => {
  const settings = { psiThreshold: 0.25, wapeMargin: 0.1, cooldownMs: 3_600_000 };
  const hour = 3_600_000;

  it('drift: PSI 0.4 past 0.25', () => {
    expect(refitTrigger({ psi: 0.4, liveWape: 0.2, validatedWape: 0.2 }, hour, settings)).toEqual({
      reason: 'drift',
      psi: 0.4,
      liveWape: 0.2,
    });
  });

  it('accuracy: live WAPE 0.31 above the validated 0.2 by more than 0.1, and not at 0.3', () => {
    expect(refitTrigger({ psi: 0.1, liveWape: 0.31, validatedWape: 0.2 }, hour, settings)).toMatchObject({
      reason: 'accuracy',
    });
    expect(refitTrigger({ psi: 0.1, liveWape: 0.3, validatedWape: 0.2 }, hour, settings)).toBeUndefined();
    // Validated without a backtest: no WAPE to decay from.
    expect(refitTrigger({ psi: null, liveWape: 0.9, validatedWape: null }, hour, settings)).toBeUndefined();
  });

  it('nothing within the cooldown after a champion took over', () => {
    expect(refitTrigger({ psi: 5, liveWape: 0.9, validatedWape: 0.1 }, hour - 1, settings)).toBeUndefined();
  });
});
