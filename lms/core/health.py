"""`/healthz`: whether the app and its database answer, for load balancers and monitors."""
from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from lms.core.edge import PUBLIC, page
from lms.extensions import db

bp = Blueprint("health", __name__)


@page(bp, "/healthz", roles=PUBLIC)
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok", database="ok")


@page(bp, "/healthz/live", roles=PUBLIC)
def live():
    """Whether this process answers at all, without asking the database (a liveness probe).

    A load balancer restarts a process that fails this one, and takes one that fails
    `/healthz` out of rotation. It is also the benchmark's ceiling: the cheapest request
    the app serves, through the same middleware as every page.
    """
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}
