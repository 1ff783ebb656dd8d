-- Product rows per channel (dimension 'channel_product', key '{channel}:{product id}') are
-- written by the scan writer and the cart from now on: a per-source day row names the
-- product of the day's first visit, and a shared link, a shelf, a feed or a direct visit
-- brings visits to many products.
--
-- Earlier rows are copied as the poster channel's where they can only be poster visits: a
-- product's day row whose scans, page views and add-to-carts equal the sums of the poster
-- channel's source rows of that product and day (a printed code is one product's, so those
-- rows are right). Every visit of another channel is a page view, so on such a day no
-- other channel brought the product a visit, and the product row's distinct visitors are
-- the poster channel's. A product's day that had visits of other channels is not copied:
-- neither its split among those channels nor its visitors per channel can be recovered,
-- so reports crossing channels with products show no visits for it (orders still count,
-- from their own lines).
INSERT INTO analytics_scope_days
    (retailer_id, dimension, local_date, scope_key, scans, page_views, add_to_carts, visitors)
SELECT p.retailer_id, 'channel_product', p.local_date, 'poster:' || p.scope_key,
       p.scans, p.page_views, p.add_to_carts, p.visitors
FROM analytics_scope_days p
JOIN (
    SELECT retailer_id, local_date, product_id,
           SUM(scans) AS scans, SUM(page_views) AS page_views, SUM(add_to_carts) AS add_to_carts
    FROM analytics_source_days
    WHERE channel = 'poster'
    GROUP BY retailer_id, local_date, product_id
) s ON s.retailer_id = p.retailer_id
   AND s.local_date = p.local_date
   AND s.product_id = p.scope_key
WHERE p.dimension = 'product'
  AND s.scans = p.scans
  AND s.page_views = p.page_views
  AND s.add_to_carts = p.add_to_carts
ON CONFLICT DO NOTHING;
