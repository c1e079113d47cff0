"""The REST API under /api/v1 (token-authenticated JSON, described by its OpenAPI document), and the
pages where people make their tokens and staff register clients."""
from flask import Blueprint

bp = Blueprint("api", __name__, cli_group="api")


def _problems(code, error):
    from lms.api.problems import from_http_error
    return from_http_error(code, error)


def _register_error_format() -> None:
    from lms.core.errors import FORMATS
    FORMATS["/api/"] = _problems


_register_error_format()
