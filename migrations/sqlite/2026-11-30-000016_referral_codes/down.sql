DROP INDEX users_referral_code;
ALTER TABLE users DROP COLUMN referral_code;
