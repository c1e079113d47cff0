"""UNEVOC Centres: the institutions of the network that learners come from."""

from flask import Blueprint

bp = Blueprint("centres", __name__, url_prefix="/staff/centres")
