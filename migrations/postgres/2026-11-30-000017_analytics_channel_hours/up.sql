-- Hour rows per channel (dimension 'channel_hour', key '{channel}:{hour}') are written by
-- the scan writer from now on. Earlier hour rows are copied as the poster channel's where
-- they can only be poster visits: on the retailer's days whose visits were all of the
-- poster channel (every day before share pages, feeds and embeds). Days that mixed
-- channels cannot be split and keep no channel hour rows.
INSERT INTO analytics_scope_days
    (retailer_id, dimension, local_date, scope_key, scans, page_views, add_to_carts, visitors)
SELECT h.retailer_id, 'channel_hour', h.local_date, 'poster:' || h.scope_key,
       h.scans, h.page_views, h.add_to_carts, h.visitors
FROM analytics_scope_days h
WHERE h.dimension = 'hour'
  AND NOT EXISTS (
      SELECT 1 FROM analytics_scope_days c
      WHERE c.retailer_id = h.retailer_id
        AND c.local_date = h.local_date
        AND c.dimension = 'channel'
        AND c.scope_key <> 'poster'
  )
ON CONFLICT DO NOTHING;
