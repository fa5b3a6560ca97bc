-- Issue 13 (hardening): which outcome cells a publication accepts (experiment versions, arms, segments and offers
-- published recently), carried from each publication to the next so that an older version's reports are still
-- counted for a while and junk naming anything else is not.
ALTER TABLE publications ADD COLUMN accepts TEXT;
