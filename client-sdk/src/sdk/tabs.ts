// Other tabs of the same shop share one database, so they share events, forget() and consent over a
// BroadcastChannel; otherwise a second tab would write a forgotten profile back on its next save.
import type { StoredEvent } from '../events/index.ts';

/** What one tab tells the others. */
export interface TabMessage {
  events?: StoredEvent[];
  forget?: boolean;
  consent?: boolean;
}

/** Events reach other tabs in one message per this many ms: each message costs a structured clone. */
const EVENTS_EVERY_MS = 50;

/**
 * The channel to the shop's other tabs; a no-op where BroadcastChannel is missing.
 * @example const tabs = new Tabs('acme', (message) => ...); tabs.share(event); tabs.post({ forget: true })
 */
export class Tabs {
  #channel: BroadcastChannel | null = null;
  #queued: StoredEvent[] = [];
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(site: string, receive: (message: TabMessage) => void) {
    if (!globalThis.BroadcastChannel) return;
    this.#channel = new BroadcastChannel(`edgewise-${site}`);
    // Node (tests) would otherwise keep the process alive for the channel.
    (this.#channel as { unref?: () => void }).unref?.();
    this.#channel.onmessage = (message) => receive(message.data);
  }

  /** Queues an event for the other tabs (this tab stores it; theirs fold it into their profiles). */
  share(event: StoredEvent): void {
    if (!this.#channel) return;
    this.#queued.push(event);
    this.#timer ??= setTimeout(() => this.flush(), EVENTS_EVERY_MS);
  }

  /** Sends the queued events now. */
  flush(): void {
    clearTimeout(this.#timer!);
    this.#timer = null;
    if (this.#queued.length) this.post({ events: this.#queued.splice(0) });
  }

  post(message: TabMessage): void {
    this.#channel?.postMessage(message);
  }

  /** Drops queued events (forget()). */
  drop(): void {
    this.#queued = [];
  }
}
