-- Outcome reporting v2: report sets per unit replace per-metric reports. Each cell is one distinct report (its
-- canonical JSON: kind, labels and randomised values) counted per day the batch was made. results_history keeps
-- the v1 cells as they were.

CREATE TABLE report_history (
  site TEXT NOT NULL,
  day TEXT NOT NULL,
  report TEXT NOT NULL,           -- canonical JSON of one report (worker/src/outcomes/cells.ts cellKey)
  count INTEGER NOT NULL,
  PRIMARY KEY (site, day, report)
);
