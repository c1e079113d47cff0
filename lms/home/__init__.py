"""The landing page of each role after signing in."""

from flask import Blueprint

bp = Blueprint("home", __name__)
