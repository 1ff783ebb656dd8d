-- The customer is told what happens to an order, through a transactional outbox: a
-- message is written in the same transaction as the status change it announces, and a
-- worker on every node sends it later, by email and to a webhook, with retries.

-- The language messages to the account are written in ('ko' or 'en'), from the
-- registration's Accept-Language, changeable by the customer.
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('ko', 'en'));

-- One message: its id (UUIDv7) is the stable id receivers drop repeats by. `payload`
-- is the JSON the message is written from at send time (an order's number, status and
-- reason); `secret` holds a staff link's token only until the email is sent or given up.
CREATE TABLE notifications (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    order_id TEXT REFERENCES orders (id) ON DELETE CASCADE,
    user_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    email TEXT NOT NULL,
    language TEXT NOT NULL,
    payload TEXT NOT NULL,
    secret TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX notifications_order ON notifications (order_id, id);

-- Where a message stands on each channel. A worker claims due rows by setting
-- `locked_until` (the lease), so two nodes never send one delivery at once; a lease
-- that runs out (a node died mid-send) makes the row due again.
CREATE TABLE notification_deliveries (
    notification_id TEXT NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'webhook')),
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP,
    sent_at TIMESTAMP,
    last_error TEXT,
    PRIMARY KEY (notification_id, channel)
);
CREATE INDEX notification_deliveries_due ON notification_deliveries (status, next_attempt_at);
