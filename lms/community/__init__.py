"""Learning together: a cohort's discussions, notifications and digests, peer review of action
plans and groups.

The pages (views.py, notification_views.py, review_views.py, group_views.py) register on the
blueprint declared here; `flask community digests` is its command (cli.py).
"""
from flask import Blueprint

bp = Blueprint("community", __name__, cli_group="community")
