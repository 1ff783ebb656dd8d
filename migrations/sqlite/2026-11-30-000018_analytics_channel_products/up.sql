-- Product rows per channel (dimension 'channel_product', key '{channel}:{product id}') are
-- written by the scan writer and the cart from now on: a per-source day row names the
-- product of the day's first visit, and a shared link, a shelf, a feed or a direct visit
-- brings visits to many products.
--
-- Earlier days get the poster channel's rows, from the poster channel's source rows: a
-- printed code is one product's, so their product is right and the sums of their scans,
-- page views and add-to-carts per product and day are exact. Distinct visitors are not
-- summable: they are the product's day row's where the poster sources account for all of
-- its scans, page views and add-to-carts (every visit of another channel is a page view,
-- so no other channel brought the product a visit that day); on a day that mixed channels
-- they are the sum of the poster sources' own visitors, an upper bound (a visitor who
-- scanned two of the product's codes counts twice), as reports showed before. The other
-- channels get no earlier rows: a source of theirs names one product though it brought
-- visits to many, so their split among products cannot be recovered and reports crossing
-- those channels with products show no visits before this migration (orders still count,
-- from their own lines).
INSERT INTO analytics_scope_days
    (retailer_id, dimension, local_date, scope_key, scans, page_views, add_to_carts, visitors)
SELECT s.retailer_id, 'channel_product', s.local_date, 'poster:' || s.product_id,
       s.scans, s.page_views, s.add_to_carts,
       CASE WHEN p.scans = s.scans AND p.page_views = s.page_views
                 AND p.add_to_carts = s.add_to_carts
            THEN p.visitors ELSE s.visitors END
FROM (
    SELECT retailer_id, local_date, product_id,
           SUM(scans) AS scans, SUM(page_views) AS page_views,
           SUM(add_to_carts) AS add_to_carts, SUM(visitors) AS visitors
    FROM analytics_source_days
    WHERE channel = 'poster' AND product_id IS NOT NULL
    GROUP BY retailer_id, local_date, product_id
) s
LEFT JOIN analytics_scope_days p
    ON p.retailer_id = s.retailer_id
   AND p.dimension = 'product'
   AND p.local_date = s.local_date
   AND p.scope_key = s.product_id
-- SQLite needs a WHERE before an upsert clause on INSERT ... SELECT with a join.
WHERE true
ON CONFLICT DO NOTHING;
