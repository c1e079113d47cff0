"""The audit log: security-relevant events, kept for staff to read."""
