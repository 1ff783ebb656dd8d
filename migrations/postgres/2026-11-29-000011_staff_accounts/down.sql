DROP TABLE staff_invitations;
ALTER TABLE users DROP COLUMN deactivated_at;
