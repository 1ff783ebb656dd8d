-- Scan events are keyed by a generated bigint instead of a text UUID: narrower rows and a
-- small append-only primary-key index, and rows the writer can COPY without an id.
-- No foreign key to scan_codes: only the recorder writes events, always for a code it has
-- just resolved, and codes are never deleted; checking (and on PostgreSQL, share-locking)
-- the code row for every scan cost more than the insert itself.
ALTER TABLE scan_events RENAME TO scan_events_by_text_id;
-- Index names are unique per schema: free the primary key's for the new table.
ALTER TABLE scan_events_by_text_id DROP CONSTRAINT scan_events_pkey;
DROP INDEX scan_events_code;
CREATE TABLE scan_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code TEXT NOT NULL,
    user_agent_class TEXT NOT NULL,
    scanned_at TIMESTAMP NOT NULL
);
INSERT INTO scan_events (code, user_agent_class, scanned_at)
    SELECT code, user_agent_class, scanned_at FROM scan_events_by_text_id ORDER BY scanned_at, id;
DROP TABLE scan_events_by_text_id;
-- Attribution reads events by time range (a campaign, a day). Rows arrive in time order,
-- so a BRIN index over the scan time answers those reads at almost no cost per insert,
-- where a B-tree on (code, time) took an insert at a random place per scan.
CREATE INDEX scan_events_scanned_at ON scan_events USING brin (scanned_at);
