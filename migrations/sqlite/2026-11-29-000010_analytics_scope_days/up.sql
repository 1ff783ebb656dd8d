-- Counters and unique scanners per dimension value per local day. A report grouped by
-- placement, poster, product, channel, day or hour reads these (a row per key and day)
-- instead of summing every source's rows of the range. The dimension is `all`,
-- `channel`, `poster`, `placement`, `product` or `hour`; the key is the channel, the id
-- ('' for a visit without a poster, placement or product), the hour (0 to 23), or '' for
-- `all`. They replace the per-scope unique counts and the per-hour counters; a source's
-- own unique scanners move onto its day row.
CREATE TABLE analytics_scope_days (
    retailer_id TEXT NOT NULL,
    dimension TEXT NOT NULL,
    local_date TEXT NOT NULL,
    scope_key TEXT NOT NULL,
    scans BIGINT NOT NULL,
    page_views BIGINT NOT NULL,
    add_to_carts BIGINT NOT NULL,
    visitors BIGINT NOT NULL,
    -- A report reads one dimension over a range of days.
    PRIMARY KEY (retailer_id, dimension, local_date, scope_key)
);

ALTER TABLE analytics_source_days ADD COLUMN visitors BIGINT NOT NULL DEFAULT 0;

-- Carry what the old rollups hold over.
INSERT INTO analytics_scope_days
SELECT retailer_id, 'all', local_date, '', SUM(scans), SUM(page_views), SUM(add_to_carts), 0
FROM analytics_source_days GROUP BY retailer_id, local_date;
INSERT INTO analytics_scope_days
SELECT retailer_id, 'channel', local_date, channel, SUM(scans), SUM(page_views), SUM(add_to_carts), 0
FROM analytics_source_days GROUP BY retailer_id, local_date, channel;
INSERT INTO analytics_scope_days
SELECT retailer_id, 'poster', local_date, COALESCE(poster_id, ''), SUM(scans), SUM(page_views), SUM(add_to_carts), 0
FROM analytics_source_days GROUP BY retailer_id, local_date, COALESCE(poster_id, '');
INSERT INTO analytics_scope_days
SELECT retailer_id, 'placement', local_date, COALESCE(placement_id, ''), SUM(scans), SUM(page_views), SUM(add_to_carts), 0
FROM analytics_source_days GROUP BY retailer_id, local_date, COALESCE(placement_id, '');
INSERT INTO analytics_scope_days
SELECT retailer_id, 'product', local_date, COALESCE(product_id, ''), SUM(scans), SUM(page_views), SUM(add_to_carts), 0
FROM analytics_source_days GROUP BY retailer_id, local_date, COALESCE(product_id, '');
INSERT INTO analytics_scope_days
SELECT retailer_id, 'hour', local_date, CAST(local_hour AS TEXT), SUM(scans), SUM(page_views), SUM(add_to_carts), 0
FROM analytics_hours GROUP BY retailer_id, local_date, local_hour;

UPDATE analytics_scope_days SET visitors = u.visitors
FROM analytics_uniques u
WHERE u.retailer_id = analytics_scope_days.retailer_id
  AND u.local_date = analytics_scope_days.local_date
  AND u.scope = CASE analytics_scope_days.dimension
      WHEN 'all' THEN 'all'
      ELSE analytics_scope_days.dimension || ':' || analytics_scope_days.scope_key END;
UPDATE analytics_source_days SET visitors = u.visitors
FROM analytics_uniques u
WHERE u.retailer_id = analytics_source_days.retailer_id
  AND u.local_date = analytics_source_days.local_date
  AND u.scope = 'source:' || analytics_source_days.channel || ':' || analytics_source_days.source_id;

-- Today's marks count again under the new scope names at worst once per visitor.
DROP TABLE analytics_uniques;
DROP TABLE analytics_hours;
