"""Cohorts: a programme run for a group of learners, with facilitators and a schedule.

The cohort's pages (views.py, people_views.py, grading_views.py) register on the blueprint
declared here; what they load from their addresses is shared from loaders.py.
"""
from flask import Blueprint

bp = Blueprint("cohorts", __name__)
