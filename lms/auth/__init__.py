"""Signing in and out, sign-in throttling, invitations and password resets."""

from flask import Blueprint

bp = Blueprint("auth", __name__)
