//! Product data in, printable shelf posters out. Knows nothing of HTTP or databases.
