CREATE TABLE products (
    id TEXT PRIMARY KEY NOT NULL,
    retailer_id TEXT NOT NULL REFERENCES retailers (id),
    sku TEXT NOT NULL,
    gtin TEXT,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    price_minor BIGINT NOT NULL CHECK (price_minor >= 0),
    stock_on_hand BIGINT NOT NULL CHECK (stock_on_hand >= 0),
    reserved BIGINT NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    active BOOLEAN NOT NULL,
    image_key TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    UNIQUE (retailer_id, sku)
);
