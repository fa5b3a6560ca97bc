// Publishing a config version to devices: compile, price, write, audit.
export { publishVersion } from './publish.ts';
export type { PublishOptions, PublishResult } from './publish.ts';
export { compileDeviceConfig } from './compile.ts';
export { summariseChange } from './diff.ts';
export { priceOffersForPublish } from './pricing.ts';
