"""Staff accounts, roles and unit scope, and in-app notifications."""
