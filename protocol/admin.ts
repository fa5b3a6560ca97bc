// Admin API payloads and answers, shared by the worker, the CLI and the marketer console.
import { z } from 'zod';

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

export type PublishRequest = z.infer<typeof publishRequestSchema>;
export type RollbackRequest = z.infer<typeof rollbackRequestSchema>;
