-- Codes given by the backfill stay: they may already be in shared links.
SELECT 1;
