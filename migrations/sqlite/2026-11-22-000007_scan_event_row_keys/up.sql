-- Scan events are keyed by SQLite's rowid instead of a text UUID: appends go to the end of
-- the table's own B-tree, with no separate primary-key index to maintain per scan.
-- No foreign key to scan_codes: only the recorder writes events, always for a code it has
-- just resolved, and codes are never deleted; checking (and on PostgreSQL, share-locking)
-- the code row for every scan cost more than the insert itself.
CREATE TABLE scan_events_by_rowid (
    id INTEGER PRIMARY KEY NOT NULL,
    code TEXT NOT NULL,
    user_agent_class TEXT NOT NULL,
    scanned_at TIMESTAMP NOT NULL
);
INSERT INTO scan_events_by_rowid (code, user_agent_class, scanned_at)
    SELECT code, user_agent_class, scanned_at FROM scan_events ORDER BY scanned_at, id;
DROP TABLE scan_events;
ALTER TABLE scan_events_by_rowid RENAME TO scan_events;
-- Attribution reads events by time range (a campaign, a day): an index on the scan time
-- grows at its end, where one on (code, time) took an insert at a random place per scan.
CREATE INDEX scan_events_scanned_at ON scan_events (scanned_at);
