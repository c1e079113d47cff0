"""People: user accounts, their profile and the staff pages that manage them."""

from flask import Blueprint

bp = Blueprint("users", __name__)
