// What the scoring is tuned by: the weight of each dimension, how much one issue costs, and the
// limits of plausibility. Read from the environment at start-up (src/config.ts); these defaults are
// what an unset variable means and what the unit tests compute by hand.
import { EventTypes } from '@governor/contracts';
import type { SourceEventType } from './source-event';

export const DIMENSIONS = ['completeness', 'validity', 'timeliness', 'consistency', 'uniqueness'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/**
 * The governance dimensions: where a record came from (trust) and whether what it names is known
 * to master data. They say nothing of the record's content, so they scale the combined score of
 * the five content dimensions instead of joining their mean (README, "Scoring").
 */
export const GOVERNANCE_DIMENSIONS = ['trust', 'masterData'] as const;
export type GovernanceDimension = (typeof GOVERNANCE_DIMENSIONS)[number];

export interface ScoringLimits {
  /** A quantity (onHand, demand, exposure) changing by more than this factor since the last state is suspect. */
  maxJumpFactor: number;
  /** A price, credit limit or lead time changing by more than this factor is suspect. */
  maxChangeFactor: number;
  /** quantityReceived may exceed quantityOrdered by this factor at most. */
  maxReceivedOverOrdered: number;
  /** receivedDate may be at most this many days before promisedDate. */
  maxReceivedBeforePromisedDays: number;
  /** Above this a quantity is implausible for a distributor. */
  maxPlausibleQuantity: number;
  /** Above this an amount (unit cost, order value, credit limit) is implausible. */
  maxPlausibleAmount: number;
  maxLeadTimeDays: number;
  maxDaysPastDue: number;
  /** Exposure above creditLimit times this is implausible rather than merely over the limit. */
  maxExposureOverLimit: number;
  /** How far a source clock may run ahead before its timestamps count as in the future. */
  clockSkewSeconds: number;
}

export interface TimelinessConfig {
  /** The age at arrival up to which an event of that type is on time. */
  expectedAgeSeconds: Record<SourceEventType, number>;
  /** At this multiple of the expected age the timeliness score has fallen (linearly) to 0. */
  zeroAtMultiple: number;
}

export interface ScoringConfig {
  weights: Record<Dimension, number>;
  /**
   * The overall score is at most this much above the worst dimension, so that one failed
   * dimension (a duplicate, a broken cross-field rule) cannot hide behind four good ones.
   */
  worstDimensionMargin: number;
  /** The weight of an optional field in completeness; required fields weigh 1. */
  optionalFieldWeight: number;
  /** What each validity issue takes off the validity score. */
  validityIssuePenalty: number;
  /** What each consistency issue takes off the consistency score. */
  consistencyIssuePenalty: number;
  /** The uniqueness score of an event whose business key an earlier event already had. */
  duplicateKeyScore: number;
  /** The trust score of a record whose source is not registered for its type. */
  untrustedSourceScore: number;
  /** What each master-data issue takes off the master-data score. */
  masterDataIssuePenalty: number;
  /** A unit cost more than this share away from the SKU's master cost is an issue. */
  maxMasterCostDeviation: number;
  limits: ScoringLimits;
  timeliness: TimelinessConfig;
}

const MINUTE = 60;
const HOUR = 3_600;
const DAY = 86_400;

export const DEFAULT_SCORING_CONFIG: ScoringConfig = {
  weights: { completeness: 0.15, validity: 0.3, timeliness: 0.15, consistency: 0.25, uniqueness: 0.15 },
  worstDimensionMargin: 0.5,
  optionalFieldWeight: 0.5,
  validityIssuePenalty: 0.5,
  consistencyIssuePenalty: 0.5,
  duplicateKeyScore: 0,
  untrustedSourceScore: 0.5,
  masterDataIssuePenalty: 0.5,
  maxMasterCostDeviation: 0.5,
  limits: {
    maxJumpFactor: 50,
    maxChangeFactor: 10,
    maxReceivedOverOrdered: 1.5,
    maxReceivedBeforePromisedDays: 365,
    maxPlausibleQuantity: 10_000_000,
    maxPlausibleAmount: 1_000_000_000,
    maxLeadTimeDays: 365,
    maxDaysPastDue: 3_650,
    maxExposureOverLimit: 10,
    clockSkewSeconds: 5 * MINUTE,
  },
  timeliness: {
    // Operational feeds are near real time; daily and master data arrive in batches.
    expectedAgeSeconds: {
      [EventTypes.InventoryLevelReportedV1]: 15 * MINUTE,
      [EventTypes.InventoryDemandRecordedV1]: DAY,
      [EventTypes.OrdersSalesOrderPlacedV1]: 15 * MINUTE,
      [EventTypes.OrdersShipmentStatusReportedV1]: HOUR,
      [EventTypes.ProcurementSupplierDeliveryRecordedV1]: DAY,
      [EventTypes.ProcurementSupplierTermsUpdatedV1]: DAY,
      [EventTypes.CreditCustomerExposureUpdatedV1]: DAY,
    },
    zeroAtMultiple: 10,
  },
};
