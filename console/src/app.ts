// The console's shared state: the admin client of the open site, the draft being edited and the version it
// started from, and the published device config (for prices).
import type { DeviceConfig, SiteConfig } from '../../protocol/index.ts';
import type { AdminClient } from '../../cli/admin-client.ts';

export type ViewName = 'edit' | 'preview' | 'versions' | 'results' | 'value' | 'audit';

export interface App {
  api: AdminClient;
  site: string;
  /** The config being edited: a deep copy of version `base`, changed in place by the forms. */
  draft: SiteConfig;
  /** The stored version the draft started from (sent as If-Match). */
  base: number;
  dirty: boolean;
  published: DeviceConfig | null;
  /** A short status line, announced to screen readers. */
  notify(message: string, kind?: 'info' | 'ok' | 'error'): void;
  go(view: ViewName): void;
  /** Fetches the latest stored config and the published config again, dropping unsaved edits. */
  reload(): Promise<void>;
  /** Records a new published config (after publish or rollback) and shows its version in the header. */
  setPublished(config: DeviceConfig | null): void;
  /** Marks the draft changed (the save bar shows it). */
  changed(): void;
}

export const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
