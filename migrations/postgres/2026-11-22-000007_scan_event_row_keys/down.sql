ALTER TABLE scan_events RENAME TO scan_events_by_row_key;
-- Index names are unique per schema: free the primary key's for the new table.
ALTER TABLE scan_events_by_row_key DROP CONSTRAINT scan_events_pkey;
CREATE TABLE scan_events (
    id TEXT PRIMARY KEY NOT NULL,
    code TEXT NOT NULL REFERENCES scan_codes (code),
    user_agent_class TEXT NOT NULL,
    scanned_at TIMESTAMP NOT NULL
);
INSERT INTO scan_events (id, code, user_agent_class, scanned_at)
    SELECT id::text, code, user_agent_class, scanned_at FROM scan_events_by_row_key;
DROP TABLE scan_events_by_row_key;
CREATE INDEX scan_events_code ON scan_events (code, scanned_at);
