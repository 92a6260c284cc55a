"""Free-text organisation names (English, Traditional and Simplified Chinese) to organisations."""
