-- A customer's referral code, the `ref` of the product links they share: 8 characters of
-- the scan codes' alphabet, given at registration (and at startup to accounts made
-- before, accounts::referrals::give_missing_codes).
-- NULL until then; the unique index lets any number of accounts be without one.
ALTER TABLE users ADD COLUMN referral_code TEXT;
CREATE UNIQUE INDEX users_referral_code ON users (referral_code);
