DROP TABLE catalogue_feeds;
