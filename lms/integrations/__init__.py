"""Integrations: what the programme tells the systems around it, through one delivery outbox.

Listeners of the programme's events (lms/core/events.py) add deliveries to the same session
(listeners.py); `flask integrations deliver` (cli.py) drains the outbox (outbox.py) from cron.
Two kinds are delivered: signed webhooks to the endpoints staff register (webhooks.py) and xAPI
statements to a learning record store (xapi.py). The staff pages are in views.py.
"""
from flask import Blueprint

bp = Blueprint("integrations", __name__, url_prefix="/staff/integrations", cli_group="integrations")
