CREATE TABLE delivery_zones (
    id TEXT PRIMARY KEY NOT NULL,
    retailer_id TEXT NOT NULL REFERENCES retailers (id),
    name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE delivery_zone_postal_codes (
    zone_id TEXT NOT NULL REFERENCES delivery_zones (id) ON DELETE CASCADE,
    prefix TEXT NOT NULL,
    PRIMARY KEY (zone_id, prefix)
);

CREATE TABLE slot_templates (
    id TEXT PRIMARY KEY NOT NULL,
    zone_id TEXT NOT NULL REFERENCES delivery_zones (id),
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    start_minute INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
    end_minute INTEGER NOT NULL CHECK (end_minute BETWEEN 1 AND 1440),
    capacity INTEGER NOT NULL CHECK (capacity >= 0),
    fee_minor BIGINT NOT NULL CHECK (fee_minor >= 0),
    prior_notice_minutes INTEGER NOT NULL CHECK (prior_notice_minutes >= 0),
    same_day_cutoff_minute INTEGER CHECK (same_day_cutoff_minute BETWEEN 0 AND 1439),
    active BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (end_minute > start_minute)
);

CREATE TABLE closed_dates (
    zone_id TEXT NOT NULL REFERENCES delivery_zones (id),
    local_date TEXT NOT NULL,
    PRIMARY KEY (zone_id, local_date)
);

CREATE TABLE delivery_slots (
    id TEXT PRIMARY KEY NOT NULL,
    zone_id TEXT NOT NULL REFERENCES delivery_zones (id),
    template_id TEXT NOT NULL REFERENCES slot_templates (id),
    local_date TEXT NOT NULL,
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    capacity INTEGER NOT NULL CHECK (capacity >= 0),
    booked INTEGER NOT NULL CHECK (booked >= 0 AND booked <= capacity),
    fee_minor BIGINT NOT NULL,
    bookable_until TIMESTAMP NOT NULL,
    detached BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (template_id, local_date)
);

CREATE INDEX delivery_slots_zone_time ON delivery_slots (zone_id, starts_at);

CREATE TABLE slot_bookings (
    id TEXT PRIMARY KEY NOT NULL,
    slot_id TEXT NOT NULL REFERENCES delivery_slots (id),
    reference TEXT NOT NULL,
    booked_at TIMESTAMP NOT NULL,
    released_at TIMESTAMP
);

CREATE INDEX slot_bookings_slot ON slot_bookings (slot_id);
