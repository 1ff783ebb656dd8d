DELETE FROM analytics_scope_days WHERE dimension = 'channel_product';
