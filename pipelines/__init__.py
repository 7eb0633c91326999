"""Item pipelines: normalize, store, version, diff and log changes in SQLite."""
