DROP TABLE notification_deliveries;
DROP TABLE notifications;
ALTER TABLE users DROP COLUMN language;
