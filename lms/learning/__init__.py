"""What learners do with the content: progress, quiz attempts and submissions.

The learner's pages (views.py, work_views.py) register on the blueprint declared here; what
they load from their addresses is shared from loaders.py.
"""
from flask import Blueprint

bp = Blueprint("learning", __name__)
