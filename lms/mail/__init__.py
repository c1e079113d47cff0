"""Email: every message goes through one outbox table and is delivered from there."""
