"""Cross-lingual expertise search: from a problem statement to researchers and labs."""
