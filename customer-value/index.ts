// Customer value: BG/NBD and Gamma-Gamma, their fits, one shopper's forecast and the papers' checks. Pure
// TypeScript, no Worker or Node API: the SDK's forecast part, the CLI and the edge import it (one formula, one
// place). The device bundles only forecast.ts and what it imports (no log-gamma, no fitting).
export { logHyp2f1, hyp2f1 } from './hypergeometric.ts';
export { bgnbdLogLikelihood, expectedPurchases, probabilityAlive, purchaseCountProbability } from './bgnbd.ts';
export { expectedSpend, gammaGammaLogLikelihood } from './gamma-gamma.ts';
export { discountedPurchases, forecastCustomer, tierOf, unitDays } from './forecast.ts';
export { fitBgNbd, fitGammaGamma } from './fit.ts';
export { hessian, invert, minimise } from './minimise.ts';
export { dayNumber, isoDay, summariseTransactions } from './summary.ts';
export { calibrationFit, compareHoldout } from './holdout.ts';
export { comparisonChart, panelsFor } from './chart.ts';
export { drawPurchases, drawShopper, drawTraits, summaryOf } from './simulate.ts';
export { cellCount, cellOf, describeCells } from './histogram.ts';
export { cellProbabilities, fitFromHistogram, simulateReports } from './histogram-fit.ts';

export type { BgNbdParams, PurchaseSummary } from './bgnbd.ts';
export type { GammaGammaParams } from './gamma-gamma.ts';
export type { CustomerHistory, Forecast } from './forecast.ts';
export type { Fit, SpendSummary, WeightedSummary } from './fit.ts';
export type { Minimum, MinimiseOptions } from './minimise.ts';
export type { CustomerRecord, SummaryOptions, Transaction } from './summary.ts';
export type { CalibrationGroup, FrequencyGroup, HoldoutComparison } from './holdout.ts';
export type { Panel } from './chart.ts';
export type { DrawnShopper } from './simulate.ts';
export type { Cell, Grid } from './histogram.ts';
export type { HistogramFit } from './histogram-fit.ts';
