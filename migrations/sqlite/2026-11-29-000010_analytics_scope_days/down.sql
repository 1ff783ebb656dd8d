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
CREATE TABLE analytics_uniques (
    retailer_id TEXT NOT NULL,
    local_date TEXT NOT NULL,
    scope TEXT NOT NULL,
    visitors BIGINT NOT NULL,
    PRIMARY KEY (retailer_id, scope, local_date)
);
ALTER TABLE analytics_source_days DROP COLUMN visitors;
DROP TABLE analytics_scope_days;
