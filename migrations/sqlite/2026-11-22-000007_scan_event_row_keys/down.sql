CREATE TABLE scan_events_by_text_id (
    id TEXT PRIMARY KEY NOT NULL,
    code TEXT NOT NULL REFERENCES scan_codes (code),
    user_agent_class TEXT NOT NULL,
    scanned_at TIMESTAMP NOT NULL
);
INSERT INTO scan_events_by_text_id (id, code, user_agent_class, scanned_at)
    SELECT CAST(id AS TEXT), code, user_agent_class, scanned_at FROM scan_events;
DROP TABLE scan_events;
ALTER TABLE scan_events_by_text_id RENAME TO scan_events;
CREATE INDEX scan_events_code ON scan_events (code, scanned_at);
