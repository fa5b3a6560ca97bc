-- Config versions, publications, the audit log, admin tokens (hashed) and aggregated results history.

CREATE TABLE config_versions (
  site TEXT NOT NULL,
  version INTEGER NOT NULL,
  body TEXT NOT NULL,            -- the validated source config, JSON
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,      -- token label, never the token
  summary TEXT NOT NULL,         -- diff summary against the previous version
  PRIMARY KEY (site, version)
);

-- One row per publish, rollback or feedback-loop republish; the newest row per site is what devices get.
CREATE TABLE publications (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  site TEXT NOT NULL,
  version INTEGER NOT NULL,
  published_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  reason TEXT NOT NULL,          -- publish | rollback | feedback
  etag TEXT NOT NULL,
  prices TEXT NOT NULL,          -- JSON {offerId: price}
  pricing TEXT NOT NULL          -- JSON: status and certificate of the LP solve
);
CREATE INDEX publications_site ON publications (site, id);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  site TEXT NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  version INTEGER,
  summary TEXT NOT NULL
);
CREATE INDEX audit_site ON audit_log (site, id);

CREATE TABLE admin_tokens (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE, -- hex sha256 of the token; the token itself is never stored
  label TEXT NOT NULL,
  sites TEXT NOT NULL,             -- JSON array of site ids, or ["*"]
  created_at TEXT NOT NULL,
  revoked_at TEXT
);

CREATE TABLE results_history (
  site TEXT NOT NULL,
  day TEXT NOT NULL,
  experiment TEXT NOT NULL,
  version INTEGER NOT NULL,
  arm TEXT NOT NULL,
  segment TEXT NOT NULL,          -- '' when not reported by segment
  metric TEXT NOT NULL,
  value INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (site, day, experiment, version, arm, segment, metric, value)
);
