-- A retailer's catalogue feeds (Meta catalogue CSV, Google Merchant Center RSS) are read
-- by the platforms at a secret URL, one secret per retailer. The secret is kept readable
-- (`token`) because the admin copies the URLs again whenever a platform asks for them, as
-- shop systems show their feed URLs; it only reveals the active catalogue, which the
-- product pages show anyway. Requests are matched by its SHA-256 (`token_hash`), so the
-- index lookup compares hashes, not the secret. Regenerating replaces the row.
CREATE TABLE catalogue_feeds (
    retailer_id TEXT PRIMARY KEY NOT NULL REFERENCES retailers (id) ON DELETE CASCADE,
    token TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX catalogue_feeds_token_hash ON catalogue_feeds (token_hash);
