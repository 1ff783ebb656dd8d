-- A short public code per product for its share page (/p/{share_code}); new products get
-- a random one of the scan codes' alphabet. SQLite only adds NOT NULL columns with a
-- default; the unique index keeps that '' from ever standing for two products.
ALTER TABLE products ADD COLUMN share_code TEXT NOT NULL DEFAULT '';
-- Existing products: their rank in upper-case hex, 8 digits. Hex digits are a subset of
-- Crockford's alphabet, and ranks are distinct, so the codes are valid and unique.
UPDATE products SET share_code = (
    SELECT printf('%08X', ranked.n)
    FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM products) AS ranked
    WHERE ranked.id = products.id
);
CREATE UNIQUE INDEX products_share_code ON products (share_code);
