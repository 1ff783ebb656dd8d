-- State that used to live in one API process moves to the database every node shares.

-- Uploaded photos, when the database is the blob store (the PostgreSQL default): every
-- node reads what any node stored. Keys are content hashes, so rows never change.
CREATE TABLE blobs (
    blob_key TEXT PRIMARY KEY NOT NULL,
    bytes BLOB NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- Rate limits as generic cell rate buckets: the time (milliseconds since the epoch) at
-- which the bucket is empty again. One row per throttled key (an account, an address).
CREATE TABLE rate_limit_buckets (
    bucket_key TEXT PRIMARY KEY NOT NULL,
    empty_at_ms BIGINT NOT NULL
);
CREATE INDEX rate_limit_buckets_empty_at ON rate_limit_buckets (empty_at_ms);

-- The TEST payment provider's "bank": authorizations any node can capture, void or refund.
CREATE TABLE test_payment_authorizations (
    reference TEXT PRIMARY KEY NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    authorized_minor BIGINT NOT NULL,
    captured_minor BIGINT NOT NULL DEFAULT 0,
    refunded_minor BIGINT NOT NULL DEFAULT 0,
    voided BOOLEAN NOT NULL DEFAULT FALSE,
    declines_capture BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL
);
