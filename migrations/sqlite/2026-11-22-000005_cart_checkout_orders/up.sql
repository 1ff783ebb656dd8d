CREATE TABLE carts (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    device_token_hash TEXT UNIQUE,
    retailer_id TEXT REFERENCES retailers (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK ((user_id IS NULL) <> (device_token_hash IS NULL))
);

CREATE TABLE cart_items (
    id TEXT PRIMARY KEY NOT NULL,
    cart_id TEXT NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
    product_id TEXT NOT NULL REFERENCES products (id),
    quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 99),
    scan_code TEXT REFERENCES scan_codes (code),
    added_at TIMESTAMP NOT NULL,
    UNIQUE (cart_id, product_id)
);

CREATE TABLE orders (
    id TEXT PRIMARY KEY NOT NULL,
    number TEXT NOT NULL UNIQUE,
    retailer_id TEXT NOT NULL REFERENCES retailers (id),
    customer_id TEXT NOT NULL REFERENCES users (id),
    status TEXT NOT NULL CHECK (status IN ('pending_payment', 'payment_failed', 'expired',
        'cancelled', 'confirmed', 'picking', 'out_for_delivery', 'delivered',
        'delivery_failed', 'returned')),
    status_reason TEXT,
    currency TEXT NOT NULL,
    items_total_minor BIGINT NOT NULL CHECK (items_total_minor >= 0),
    delivery_fee_minor BIGINT NOT NULL CHECK (delivery_fee_minor >= 0),
    total_minor BIGINT NOT NULL CHECK (total_minor = items_total_minor + delivery_fee_minor),
    delivery_slot_id TEXT NOT NULL REFERENCES delivery_slots (id),
    slot_booking_id TEXT NOT NULL REFERENCES slot_bookings (id),
    reserved_until TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE INDEX orders_customer ON orders (customer_id, created_at);
CREATE INDEX orders_status_expiry ON orders (status, reserved_until);
CREATE INDEX orders_slot ON orders (delivery_slot_id);

CREATE TABLE order_addresses (
    order_id TEXT PRIMARY KEY NOT NULL REFERENCES orders (id),
    name TEXT NOT NULL,
    phone TEXT NOT NULL,
    line1 TEXT NOT NULL,
    line2 TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    city TEXT NOT NULL
);

CREATE TABLE order_items (
    id TEXT PRIMARY KEY NOT NULL,
    order_id TEXT NOT NULL REFERENCES orders (id),
    position INTEGER NOT NULL,
    product_id TEXT NOT NULL REFERENCES products (id),
    sku TEXT NOT NULL,
    name TEXT NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity >= 1),
    unit_price_minor BIGINT NOT NULL CHECK (unit_price_minor >= 0),
    catalog_price_minor BIGINT NOT NULL CHECK (catalog_price_minor >= 0),
    scan_code TEXT REFERENCES scan_codes (code),
    UNIQUE (order_id, position)
);

CREATE TABLE order_events (
    id TEXT PRIMARY KEY NOT NULL,
    order_id TEXT NOT NULL REFERENCES orders (id),
    from_status TEXT,
    to_status TEXT NOT NULL,
    actor_id TEXT REFERENCES users (id),
    note TEXT,
    created_at TIMESTAMP NOT NULL
);

CREATE INDEX order_events_order ON order_events (order_id, created_at);

CREATE TABLE payments (
    id TEXT PRIMARY KEY NOT NULL,
    order_id TEXT NOT NULL REFERENCES orders (id),
    provider TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('authorization', 'capture', 'void', 'refund')),
    outcome TEXT NOT NULL CHECK (outcome IN ('succeeded', 'declined', 'failed')),
    amount_minor BIGINT NOT NULL CHECK (amount_minor >= 0),
    provider_reference TEXT,
    failure_reason TEXT,
    created_at TIMESTAMP NOT NULL
);

CREATE INDEX payments_order ON payments (order_id, created_at);
CREATE UNIQUE INDEX payments_one_authorization ON payments (order_id)
    WHERE kind = 'authorization' AND outcome = 'succeeded';

CREATE TABLE payment_events (
    provider TEXT NOT NULL,
    event_id TEXT NOT NULL,
    order_id TEXT REFERENCES orders (id),
    kind TEXT NOT NULL,
    received_at TIMESTAMP NOT NULL,
    PRIMARY KEY (provider, event_id)
);

CREATE TABLE idempotency_keys (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    response_status INTEGER,
    response_body TEXT,
    locked_until TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, idempotency_key)
);

CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

CREATE TABLE web_sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
