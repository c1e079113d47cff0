"""Network reports: enrolment, completion and certificates by region, centre, cohort and gender."""

from flask import Blueprint

bp = Blueprint("reports", __name__)
