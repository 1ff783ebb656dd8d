CREATE TABLE posters (
    id TEXT PRIMARY KEY NOT NULL,
    retailer_id TEXT NOT NULL REFERENCES retailers (id),
    title TEXT NOT NULL,
    page_size TEXT NOT NULL,
    layout TEXT NOT NULL,
    scan_distance_mm INTEGER NOT NULL CHECK (scan_distance_mm > 0),
    version INTEGER NOT NULL CHECK (version >= 1),
    retired_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE INDEX posters_retailer ON posters (retailer_id, created_at);

CREATE TABLE placements (
    id TEXT PRIMARY KEY NOT NULL,
    poster_id TEXT NOT NULL REFERENCES posters (id),
    name TEXT NOT NULL,
    site TEXT,
    spot TEXT,
    city TEXT,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    CHECK (ends_at > starts_at)
);

CREATE INDEX placements_poster ON placements (poster_id);

CREATE TABLE scan_codes (
    code TEXT PRIMARY KEY NOT NULL,
    retailer_id TEXT NOT NULL REFERENCES retailers (id),
    poster_id TEXT NOT NULL REFERENCES posters (id),
    placement_id TEXT REFERENCES placements (id),
    product_id TEXT NOT NULL REFERENCES products (id),
    printed_price_minor BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE poster_slots (
    id TEXT PRIMARY KEY NOT NULL,
    poster_id TEXT NOT NULL REFERENCES posters (id),
    version INTEGER NOT NULL,
    placement_id TEXT REFERENCES placements (id),
    position INTEGER NOT NULL,
    code TEXT NOT NULL REFERENCES scan_codes (code)
);

CREATE INDEX poster_slots_version ON poster_slots (poster_id, version, position);

CREATE TABLE scan_events (
    id TEXT PRIMARY KEY NOT NULL,
    code TEXT NOT NULL REFERENCES scan_codes (code),
    user_agent_class TEXT NOT NULL,
    scanned_at TIMESTAMP NOT NULL
);

CREATE INDEX scan_events_code ON scan_events (code, scanned_at);
