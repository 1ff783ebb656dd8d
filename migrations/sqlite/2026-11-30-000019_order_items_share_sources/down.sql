DROP INDEX order_items_share_sources;
