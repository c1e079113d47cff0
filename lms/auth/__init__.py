"""Signing in and out, sign-in throttling, invitations and password resets."""
