// Compiles a validated source config into the device config: prices, bandit posteriors and model URLs added,
// everything the device does not need left out (allowed origins, autoPublish).
import { redemptionCostOf } from '../../../protocol/economics.ts';
import type { DeviceConfig, Posterior, SiteConfig } from '../../../protocol/index.ts';
import { banditShares } from './bandits.ts';
import { slotTraffic } from '../../../protocol/slots.ts';

export interface CompileInputs {
  version: number;
  publishedAt: string;
  prices: Record<string, number>;
  posteriors: Record<string, Record<string, Record<string, Posterior>>>;
  /** segment -> offer -> uplift learnt by the feedback loop; none before outcomes arrive. */
  learnedUplift?: Record<string, Record<string, number>>;
  /** offer -> uplift correction per decile, from the measurement holdback (stats/calibration.ts). */
  calibration?: Record<string, number[]>;
}

/**
 * Running experiments that share a slot without namespaces get the edge's even split ("auto:<slot>"), so devices
 * assign by the namespace hash they already know; experiments alone on their slot are left as they are.
 */
function withSlotShares(experiments: SiteConfig['experiments']): SiteConfig['experiments'] {
  const { shares } = slotTraffic(experiments);
  return experiments.map((e) => {
    const share = shares.find((s) => s.experiment === e.id);
    return share && !e.namespace && share.share < 1 ? { ...e, namespace: share.namespace } : e;
  });
}

/**
 * @example compileDeviceConfig(config, { version: 3, publishedAt: new Date().toISOString(), prices, posteriors: {} })
 */
export function compileDeviceConfig(config: SiteConfig, inputs: CompileInputs): DeviceConfig {
  return {
    schemaVersion: config.schemaVersion,
    site: config.site,
    version: inputs.version,
    publishedAt: inputs.publishedAt,
    consent: config.consent,
    privacy: config.privacy,
    globalHoldout: config.globalHoldout,
    attributionDays: config.attributionDays,
    holdbackDays: config.holdbackDays,
    holdback: config.holdback,
    savedGroups: config.savedGroups,
    segments: config.segments,
    // Validation guarantees every cost resolves; devices get it resolved so that they never derive it.
    offers: config.offers.map((offer) => ({ ...offer, redemptionCost: redemptionCostOf(offer, config.economics) ?? 0 })),
    experiments: withSlotShares(config.experiments),
    constraints: config.constraints,
    prices: inputs.prices,
    posteriors: inputs.posteriors,
    learnedUplift: inputs.learnedUplift ?? {},
    banditShares: banditShares(config.experiments, inputs.posteriors),
    models: config.models.map((model) => ({ ...model, url: `/v1/models/${model.sha256}` })),
    ...(inputs.calibration && Object.keys(inputs.calibration).length ? { calibration: inputs.calibration } : {}),
    customerValue: config.customerValue ?? null,
  };
}
