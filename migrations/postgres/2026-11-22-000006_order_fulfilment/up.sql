ALTER TABLE order_items ADD COLUMN picked_quantity INTEGER CHECK (picked_quantity >= 0);

CREATE INDEX orders_retailer_slot ON orders (retailer_id, delivery_slot_id);
