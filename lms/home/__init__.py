"""The landing page of each role after signing in."""
