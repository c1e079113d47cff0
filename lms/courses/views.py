"""Pictures that lessons show, served from the course folder to signed-in people."""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, send_from_directory
from flask_login import login_required

bp = Blueprint("courses", __name__)

# Raster images only: an SVG could carry script.
IMAGE_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".webp"}


@bp.route("/course-assets/<path:filename>")
@login_required
def asset(filename: str):
    if Path(filename).suffix.lower() not in IMAGE_TYPES:
        abort(404)
    response = send_from_directory(current_app.config["COURSES_PATH"], filename, max_age=86400)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
