"""Certificates: eligibility, issuance, PDFs, public verification, revocation, Open Badges."""
