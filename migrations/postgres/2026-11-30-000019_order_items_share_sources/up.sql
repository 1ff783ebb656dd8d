-- The orders a customer's shared links brought (accounts::referrals::orders_brought, on
-- every GET /v1/me and account page) are found by their lines' referral code: index
-- only the lines that came through a share link.
CREATE INDEX order_items_share_sources ON order_items (source_id) WHERE source_channel = 'share';
