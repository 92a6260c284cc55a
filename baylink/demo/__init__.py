"""The demo data set."""

# Bumped whenever the demo data changes, so that cached benchmark databases are rebuilt.
DATASET_VERSION = "2026.2"
