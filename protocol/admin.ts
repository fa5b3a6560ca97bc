// Admin API payloads and answers, shared by the worker, the CLI and the marketer console.
import { z } from 'zod';
import type { Completeness } from '../stats/completeness.ts';
import type { ArmResult, ExperimentResult } from '../stats/experiment.ts';
import type { Experiment } from './experiments.ts';
import { idSchema } from './ids.ts';
import type { SlotShare } from './slots.ts';

/** Largest accepted source config body, in bytes (413 beyond). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export const publishRequestSchema = z.strictObject({ version: z.number().int().min(1) });
export const rollbackRequestSchema = z.strictObject({ version: z.number().int().min(1).optional() });

export interface VersionSummary {
  version: number;
  createdAt: string;
  createdBy: string;
  published: boolean;
  publishedAt: string | null;
  summary: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  version: number | null;
  summary: string;
}

/**
 * One experiment in the results answer: stats' analysis of its current version, overall and per segment, from
 * complete observations only (report sets of exposures whose window closed); `reporting` says, per arm, what is
 * still pending and which share of closed exposures' report sets arrived.
 */
export interface ExperimentReport extends ExperimentResult {
  id: string;
  version: number;
  slot: string;
  status: Experiment['status'];
  bandit: boolean;
  /** The attribution window in days: an exposure's report set comes once it has closed. */
  windowDays: number;
  /** The share of its slot's shoppers this experiment gets (null when it is not running). */
  traffic: SlotShare | null;
  reporting: Completeness;
  segments: { segment: string; arms: ArmResult[] }[];
}

/** GET /v1/admin/sites/{site}/results. */
export interface ResultsAnswer {
  site: string;
  version: number;
  experiments: ExperimentReport[];
}

/** The answer to a publish or rollback. */
export interface PublishResult {
  version: number;
  etag: string;
  publishedAt: string;
  prices: Record<string, number>;
  /** The LP solve: its status, and whether its prices were used (false keeps the previous ones). */
  pricing: { status: string; fresh: boolean };
}

/** One publication (publish, rollback or feedback-loop republish): what devices got, and the LP behind it. */
export interface Publication {
  id: number;
  version: number;
  publishedAt: string;
  actor: string;
  reason: string;
  prices: Record<string, number>;
  /**
   * The LP solve behind the prices: status, whether its prices were used (`fresh`; false keeps the previous ones),
   * the budget it was given (budget minus spend), the share of the budget period left, the spend estimate it was
   * solved with, and λ, the budget's dual price.
   */
  pricing: {
    status: string;
    fresh: boolean;
    budget: number | null;
    remainingShare: number | null;
    spent: number;
    budgetDual: number | null;
  } | null;
}

export type PublishRequest = z.infer<typeof publishRequestSchema>;
export type RollbackRequest = z.infer<typeof rollbackRequestSchema>;

/**
 * One day of the shop's books, as a retailer sends them (PUT /v1/admin/sites/{site}/books/{day}): the discount given
 * away that day and the redemptions per offer. Aggregate figures only; budget pacing steers by them.
 */
export const booksDaySchema = z.strictObject({
  spend: z.number().nonnegative().refine(Number.isFinite, 'expected a finite amount').describe('Discount given away that day, in the site currency.'),
  redemptions: z
    .record(idSchema, z.number().int().nonnegative())
    .default({})
    .describe('Offer id -> times it was redeemed that day.'),
});

export type BooksDay = z.infer<typeof booksDaySchema>;

/** A stored day of the books. */
export interface BooksEntry extends BooksDay {
  day: string;
  recordedAt: string;
  actor: string;
}
