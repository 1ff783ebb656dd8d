-- Staff accounts can be switched off (deactivated) without deleting their history, and
-- colleagues join or reset their password through single-use links (only the token's
-- SHA-256 is stored, like every opaque token).
ALTER TABLE users ADD COLUMN deactivated_at TIMESTAMP;

CREATE TABLE staff_invitations (
    token_hash TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('invite', 'reset')),
    retailer_id TEXT NOT NULL REFERENCES retailers (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    role TEXT NOT NULL,
    user_id TEXT REFERENCES users (id) ON DELETE CASCADE,
    created_by TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX staff_invitations_retailer ON staff_invitations (retailer_id, created_at);
