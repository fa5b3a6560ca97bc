-- Issue 13 (hardening): publications keep the exact device config, so KV (what devices read) can be rebuilt
-- from D1 (the source of truth) after a failed or corrupted KV write; model files belong to the sites whose
-- tokens uploaded them.

-- The device config body of a publication; kept for a site's newest publications only (older ones are NULL).
ALTER TABLE publications ADD COLUMN body TEXT;

-- Who may reference an uploaded model: a site, or '*' for a file the deployment admin uploaded.
CREATE TABLE model_uploads (
  sha256 TEXT NOT NULL,
  site TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  uploaded_at TEXT NOT NULL,
  actor TEXT NOT NULL,            -- token label, never the token
  PRIMARY KEY (sha256, site)
);
