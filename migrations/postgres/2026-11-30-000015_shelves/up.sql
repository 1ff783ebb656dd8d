-- A retailer's shelves: named selections of products a blogger embeds on their site
-- (/embed/shelves/{id}). Deleting one keeps the row (deleted_at) so orders attributed to
-- it still name a shelf the retailer made; the embed answers 404 from then on.
CREATE TABLE shelves (
    id TEXT PRIMARY KEY NOT NULL,
    retailer_id TEXT NOT NULL REFERENCES retailers (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX shelves_retailer ON shelves (retailer_id, created_at);
-- The products on a shelf in the order the retailer chose (position 0 first).
CREATE TABLE shelf_products (
    shelf_id TEXT NOT NULL REFERENCES shelves (id) ON DELETE CASCADE,
    product_id TEXT NOT NULL REFERENCES products (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (shelf_id, product_id)
);
