-- Customers get their referral code at registration; those registered before get one
-- here, so no page that shows a code has to write it. The code is 'R' (for "referral")
-- and the customer's rank among customers in upper-case hex, 7 digits: R and hex digits
-- are in Crockford's alphabet, and ranks are distinct (the rank counts customers that
-- already have a code too, so it does not shift as rows are updated). A code given at
-- random later that happens to equal one is retried.
UPDATE users SET referral_code = (
    SELECT 'R' || printf('%07X', ranked.n)
    FROM (
        SELECT id, row_number() OVER (ORDER BY created_at, id) AS n
        FROM users WHERE role = 'customer'
    ) AS ranked
    WHERE ranked.id = users.id
)
WHERE role = 'customer' AND referral_code IS NULL;
