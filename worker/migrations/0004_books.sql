-- The shop's books, per site and day: the discount spent and the redemptions per offer (aggregate figures the
-- retailer already has). Budget pacing reads them; no shopper-level data.

CREATE TABLE books (
  site TEXT NOT NULL,
  day TEXT NOT NULL,                -- YYYY-MM-DD (UTC)
  spend REAL NOT NULL,              -- discount given away that day, in the site currency
  redemptions TEXT NOT NULL,        -- JSON: offer id -> redemptions that day
  recorded_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  PRIMARY KEY (site, day)
);
