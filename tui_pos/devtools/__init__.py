"""Developer tools: seeded data generators for benchmarks and load tests (not used by the till)."""
