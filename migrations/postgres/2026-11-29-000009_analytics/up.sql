-- Scan-to-sale analytics. Reports read rollups kept up to date as events are written,
-- never raw events per request. Local dates ('YYYY-MM-DD') and hours are the retailer's,
-- computed when the event is written.

-- Attribution: the source (channel, id) a line was created from. Today the only channel is
-- `poster` (the id is the scan code); other channels add rows, not columns.
ALTER TABLE cart_items ADD COLUMN source_channel TEXT;
ALTER TABLE cart_items ADD COLUMN source_id TEXT;
UPDATE cart_items SET source_channel = 'poster', source_id = scan_code WHERE scan_code IS NOT NULL;
ALTER TABLE order_items ADD COLUMN source_channel TEXT;
ALTER TABLE order_items ADD COLUMN source_id TEXT;
UPDATE order_items SET source_channel = 'poster', source_id = scan_code WHERE scan_code IS NOT NULL;

-- What a placement's campaign cost, in the retailer's currency (minor units).
ALTER TABLE placements ADD COLUMN cost_minor BIGINT;

-- One random salt per local date, shared by every node, deleted once the date is past
-- everywhere: a day's visitor hashes cannot be linked to another day's.
CREATE TABLE analytics_day_salts (
    local_date TEXT PRIMARY KEY,
    salt BYTEA NOT NULL
);

-- Counters per source per local day; poster, placement and product are copied from the
-- source when the row is created, so reports never join codes.
CREATE TABLE analytics_source_days (
    retailer_id TEXT NOT NULL,
    local_date TEXT NOT NULL,
    channel TEXT NOT NULL,
    source_id TEXT NOT NULL,
    poster_id TEXT,
    placement_id TEXT,
    product_id TEXT,
    scans BIGINT NOT NULL,
    page_views BIGINT NOT NULL,
    add_to_carts BIGINT NOT NULL,
    PRIMARY KEY (retailer_id, local_date, channel, source_id)
);

-- Counters per local hour ('' for no poster or placement), for hourly reports and the
-- weekday x hour heat map.
CREATE TABLE analytics_hours (
    retailer_id TEXT NOT NULL,
    local_date TEXT NOT NULL,
    local_hour INTEGER NOT NULL,
    channel TEXT NOT NULL,
    poster_id TEXT NOT NULL,
    placement_id TEXT NOT NULL,
    scans BIGINT NOT NULL,
    page_views BIGINT NOT NULL,
    add_to_carts BIGINT NOT NULL,
    PRIMARY KEY (retailer_id, local_date, local_hour, channel, poster_id, placement_id)
);

-- Unique scanners: a mark per (day, scope, keyed visitor hash), deleted with the day's
-- salt; the count of new marks per scope and day is kept in analytics_uniques.
CREATE TABLE analytics_visitor_marks (
    retailer_id TEXT NOT NULL,
    local_date TEXT NOT NULL,
    scope TEXT NOT NULL,
    visitor_hash BYTEA NOT NULL,
    PRIMARY KEY (retailer_id, local_date, scope, visitor_hash)
);

CREATE TABLE analytics_uniques (
    retailer_id TEXT NOT NULL,
    local_date TEXT NOT NULL,
    scope TEXT NOT NULL,
    visitors BIGINT NOT NULL,
    -- Scope first: a report reads a few scopes over a range of days.
    PRIMARY KEY (retailer_id, scope, local_date)
);

-- Attributed order lines, written when the order is confirmed and updated when it is
-- returned; reports join orders for the current status.
CREATE TABLE analytics_order_lines (
    order_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    retailer_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    source_id TEXT NOT NULL,
    poster_id TEXT,
    placement_id TEXT,
    product_id TEXT NOT NULL,
    local_date TEXT NOT NULL,
    local_hour INTEGER NOT NULL,
    units BIGINT NOT NULL,
    revenue_minor BIGINT NOT NULL,
    returned_local_date TEXT,
    refunded_minor BIGINT NOT NULL,
    PRIMARY KEY (order_id, position)
);
CREATE INDEX analytics_order_lines_day ON analytics_order_lines (retailer_id, local_date);
CREATE INDEX analytics_order_lines_returned ON analytics_order_lines (retailer_id, returned_local_date);
