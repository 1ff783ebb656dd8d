DROP TABLE test_payment_authorizations;
DROP TABLE rate_limit_buckets;
DROP TABLE blobs;
