"""Pictures that lessons show, served from the course folder to signed-in people."""
from __future__ import annotations

from pathlib import Path

from flask import abort, current_app, send_from_directory

from lms.core.edge import SIGNED_IN, page
from lms.courses import bp

# Raster images only: an SVG could carry script.
IMAGE_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".webp"}


@page(bp, "/course-assets/<path:filename>", roles=SIGNED_IN)
def asset(filename: str):
    if Path(filename).suffix.lower() not in IMAGE_TYPES:
        abort(404)
    response = send_from_directory(current_app.config["COURSES_PATH"], filename, max_age=86400)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
