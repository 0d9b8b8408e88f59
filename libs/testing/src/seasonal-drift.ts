// The drift that starts demand sensing's retraining in the tests (the retraining process test and the
// promotion e2e): five calm weeks, then a weekly season that the champion, which learns no season,
// cannot follow. With these predictive-risk settings its PSI windows are short, its health ticks
// every half second and a refit runs on the recent four weeks at once.
import { EventTypes } from '@governor/contracts';
import { dateAfter, dates, scored, sourceEvent } from './scored-events';

const CALM = [18, 20, 22, 20, 18, 22, 20];
const SEASON = [10, 40, 40, 40, 40, 70, 10];
/** Day 0 of the series, a Sunday. */
const FIRST_DAY = '2025-01-05';

/** Day i's demand for each SKU: five calm weeks, then the season. */
function seasonalDemandQuantity(i: number): number {
  return i < 35 ? CALM[i % 7] : SEASON[i % 7];
}

/** A champion without a season (gamma 0), short PSI windows, a health tick every half second, no cool-down between refits. */
export const RETRAINING_RISK_ENV: Readonly<Record<string, string>> = {
  RISK_DEMAND_ALPHA: '0.3',
  RISK_DEMAND_BETA: '0',
  RISK_DEMAND_GAMMA: '0',
  RISK_MODEL_HEALTH_INTERVAL_SECONDS: '0.5',
  RISK_PSI_REFERENCE_SIZE: '20',
  RISK_PSI_RECENT_SIZE: '20',
  RISK_PSI_MIN_RECENT_SIZE: '20',
  RISK_PSI_BINS: '4',
  RISK_REFIT_WINDOW_DAYS: '28',
  RISK_REFIT_COOLDOWN_SECONDS: '0',
};

/** Scored demand records of each SKU at `location` for `count` days from day `offset` of the series. */
export function seasonalDemand(skus: readonly string[], location: string, offset: number, count: number) {
  return skus.flatMap((sku) =>
    dates(dateAfter(FIRST_DAY, offset), count).map((date, i) =>
      scored(
        sourceEvent(EventTypes.InventoryDemandRecordedV1, `${sku}@${location}`, { sku, location, date, quantity: seasonalDemandQuantity(offset + i) }),
        0.98,
      ),
    ),
  );
}
