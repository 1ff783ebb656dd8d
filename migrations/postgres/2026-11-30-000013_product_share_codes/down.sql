DROP INDEX products_share_code;
ALTER TABLE products DROP COLUMN share_code;
