"""Alumni: graduates keep their material and work, appear in an opt-in directory, and may mentor
the participants of the next cohorts, whom facilitators match to them.

The pages (views.py, mentoring_views.py) register on the blueprint declared here; who may open
them is in permissions.py.
"""
from flask import Blueprint

bp = Blueprint("alumni", __name__)
