DROP INDEX orders_retailer_slot;
ALTER TABLE order_items DROP COLUMN picked_quantity;
