"""Signing in through an organisation's OpenID Connect identity provider."""

from flask import Blueprint

bp = Blueprint("sso", __name__)
