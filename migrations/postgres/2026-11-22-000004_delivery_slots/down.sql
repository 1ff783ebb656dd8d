DROP INDEX slot_bookings_slot;
DROP TABLE slot_bookings;
DROP INDEX delivery_slots_zone_time;
DROP TABLE delivery_slots;
DROP TABLE closed_dates;
DROP TABLE slot_templates;
DROP TABLE delivery_zone_postal_codes;
DROP TABLE delivery_zones;
