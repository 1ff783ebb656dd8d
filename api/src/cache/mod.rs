//! Generic in-memory caching, free of HTTP and of the domain: a cache that refreshes hot
//! entries in the background and a loader that batches misses.

pub mod batch_loader;
pub mod refreshing;
