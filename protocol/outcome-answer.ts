// The edge's answer to an outcome batch: how many reports it counted and, for each one it did not, why, and
// whether sending it again later can succeed. Devices keep what can, and drop only what never can.

/** Why one report of a batch was not counted. */
export interface DroppedReport {
  /** Its index in the batch's `reports`. */
  index: number;
  code:
    | 'invalid_report'
    | 'unknown_experiment'
    | 'unknown_version'
    | 'expired_version'
    | 'unknown_arm'
    | 'unknown_segment'
    | 'expired_segment'
    | 'unknown_offer'
    | 'expired_offer'
    | 'cell_limit';
  /** Names the field, as the error shape does: `reports[3].segment: unknown segment "aliens"`. */
  message: string;
  path: (string | number)[];
  /**
   * True when the same report, in a new batch, may be counted later (a config the edge is still receiving, the
   * day's cell limit); false when it never will be.
   */
  retry: boolean;
}

/** 202 to POST /v1/sites/{site}/outcomes. */
export interface OutcomeAnswer {
  /** Reports counted from this batch (on a duplicate: counted the first time). */
  accepted: number;
  /** The batch id was seen before: nothing was counted again. */
  duplicate: boolean;
  dropped: DroppedReport[];
}
