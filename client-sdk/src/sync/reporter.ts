// The reporter: queues outcome reports in the outbox and sends due batches, retrying with backoff.
import { Outbox } from './outbox.ts';
import { deliverDue, warmDelivery } from './deliver.ts';

/** Reports wait this long, so that one page's reports leave in one batch. */
const SEND_DELAY_MS = 2000;

export interface ReporterOptions {
  api: string;
  site: string;
  fetch?: typeof fetch | undefined;
  now: () => number;
  random: () => number;
  /** Whether reporting is allowed right now (consent, Global Privacy Control). */
  allowed: () => boolean;
  /** Called when the outbox changed and should be persisted. */
  changed: () => void;
  log: (message: string) => void;
}

/**
 * Owns the outbox and its sending; the client decides what may be reported.
 * @example const reporter = new Reporter({ api, site, now: Date.now, random: Math.random, changed, log })
 */
export class Reporter {
  outbox = new Outbox();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #sending = false;

  constructor(private readonly o: ReporterOptions) {}

  /**
   * Reports were added to the outbox (by openUnit and closeUnits, in the reporting part): has it persisted and
   * schedules a send.
   */
  added(): void {
    this.o.changed();
    this.#schedule(SEND_DELAY_MS);
  }

  /**
   * Fetches the sending code (a part of its own in the script tag) now, so that it is in before pagehide: the
   * client calls this once a page may report.
   */
  prepare(): void {
    warmDelivery().catch(() => {});
  }

  #schedule(delay: number): void {
    this.#timer ??= setTimeout(() => {
      this.#timer = null;
      void this.send();
    }, delay);
  }

  /** Sends every due batch; returns how many the edge accepted. A failed batch keeps its id for the retry. */
  async send(): Promise<number> {
    if (this.#sending || !this.o.allowed()) return 0;
    this.#sending = true;
    let sent: number;
    let retryIn: number | null;
    try {
      [sent, retryIn] = await deliverDue(this.outbox, this.o);
    } catch (error) {
      // The sending code (a part of its own in the script tag) did not load: the batches wait for the next try.
      this.o.log(`outcome sending failed: ${error}`);
      return 0;
    } finally {
      this.#sending = false;
    }
    if (retryIn !== null) this.#schedule(retryIn);
    this.o.changed();
    return sent;
  }
}
