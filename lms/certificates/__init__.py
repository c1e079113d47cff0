"""Certificates: eligibility, issuance, PDFs, public verification, revocation, Open Badges."""

from flask import Blueprint

bp = Blueprint("certificates", __name__)
