// The edge-device contract. The worker validates with these schemas; the SDK imports types only.
export { CONDITION_OPERATORS, conditionSchema, findUnknownOperator } from './condition.ts';
export { idSchema, daySchema, sha256Schema } from './ids.ts';
export { segmentSchema } from './segments.ts';
export { offerSchema, offerV1Schema, deviceOfferSchema, offerContentSchema, linearScoreSchema, discountSchema, frequencyCapSchema } from './offers.ts';
export { experimentSchema, armSchema, HOLDOUT_ARM } from './experiments.ts';
export { slotTraffic } from './slots.ts';
export { featureSpecSchema, modelManifestSchema, outputRefSchema } from './models.ts';
export { DEFAULT_REVENUE_LEVELS, SCHEMA_VERSION, siteConfigSchema, privacySchema, constraintsSchema, economicsSchema, migrateSiteConfigV1 } from './site-config.ts';
export { offerValue, offerPrice, redemptionCostOf } from './economics.ts';
export { UPLIFT_DECILE_EDGES, upliftDecile, upliftOfDecile } from './holdback.ts';
export { deviceConfigSchema, deviceModelSchema, posteriorSchema } from './device-config.ts';
export {
  MAX_OUTCOME_BATCH_BYTES,
  MAX_REPORTS_PER_BATCH,
  outcomeBatchSchema,
  outcomeReportSchema,
  exposureReportSchema,
  experimentOutcomeSchema,
  holdbackReportSchema,
  holdbackOutcomeSchema,
  valueReportOpenSchema,
  valueOutcomeSchema,
  MAX_VALUE_CELLS,
  OUTCOME_SCHEMA_VERSION,
  MAX_REVENUE_LEVELS,
  BATCH_PAD_BYTES,
  UNIT_KINDS,
} from './outcomes.ts';
export { MAX_CONFIG_BYTES, booksDaySchema, publishRequestSchema, rollbackRequestSchema } from './admin.ts';
export { TIERS, bgnbdParamsSchema, customerValueSchema, gammaGammaParamsSchema, tierThresholdsSchema, valueReportSchema } from './customer-value.ts';
export { MAX_ERROR_ISSUES, formatPath, zodErrorBody } from './errors.ts';

export type { Condition, ConditionOperator } from './condition.ts';
export { PROFILE_ATTRIBUTES } from './profile.ts';
export { closestNames, featureSourceProblem, profileAttributeOf } from './profile-paths.ts';
export type { Affinity, Profile, ProfileAttribute, ProfileAttributeType } from './profile.ts';
export type { Segment } from './segments.ts';
export type { Offer, OfferV1, DeviceOffer, OfferContent, LinearScore } from './offers.ts';
export type { OfferEconomics, SiteEconomics, DiscountedOffer } from './economics.ts';
export type { Arm, Experiment } from './experiments.ts';
export type { SlotConflict, SlotShare } from './slots.ts';
export type { FeatureSpec, ModelManifest, OutputRef } from './models.ts';
export type { SiteConfig, SiteConfigInput } from './site-config.ts';
export type { BanditShares, DeviceConfig, DeviceModel, Posterior } from './device-config.ts';
export type {
  ClosingReport, ExperimentOutcome, ExposureReport, HoldbackOutcome, HoldbackReport, OpeningReport, OutcomeBatch, OutcomeReport, ReportKind, UnitKind,
  ValueOutcome, ValueReportOpen,
} from './outcomes.ts';
export type { AuditEntry, BooksDay, BooksEntry, ExperimentReport, Publication, PublishRequest, PublishResult, ResultsAnswer, RollbackRequest, VersionSummary } from './admin.ts';
export type { ErrorBody, ErrorCode, ErrorIssue } from './errors.ts';
export type { BgNbdParams, CustomerValue, CustomerValueInput, GammaGammaParams, Tier, TierThresholds, ValueReport } from './customer-value.ts';
export type { CustomerValueAnswer, CustomerValueCell, TierShares, ValueSegment } from './customer-value-answer.ts';
