"""Error pages that say what happened, in the viewer's language."""
from __future__ import annotations

from collections.abc import Callable

from flask import Flask, Response, jsonify, redirect, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from lms.core import kept_writing
from lms.extensions import db

# Status code: (title, what happened and what to do).
MESSAGES = {
    400: (_l("Something in this request was not right"),
          _l("The page could not understand what was sent. Go back, check the form and try again.")),
    403: (_l("You do not have access to this page"),
          _l("Your account does not have the role this page needs. If you think it should, "
             "contact the programme team.")),
    404: (_l("Page not found"),
          _l("There is nothing at this address. It may have been moved, or the link may be "
             "incomplete.")),
    405: (_l("This action is not possible here"),
          _l("The page does not accept this kind of request. Go back and use the page's own "
             "buttons.")),
    410: (_l("This link no longer works"),
          _l("The link has been used already or has expired.")),
    413: (_l("The file is too large"),
          _l("What you sent is larger than this page accepts. Choose a smaller file.")),
    429: (_l("Too many requests"),
          _l("You have made too many requests in a short time. Wait a few minutes and try again.")),
    500: (_l("Something went wrong on our side"),
          _l("The error has been recorded. Please try again in a moment; nothing you saved "
             "before has been lost.")),
    503: (_l("The platform is not available right now"),
          _l("Please try again in a few minutes.")),
}
NUL_MESSAGE = (_l("Something in this request was not right"),
               _l("What was sent contains a character that cannot be stored (a null character). "
                  "Go back, remove it and try again."))
CSRF_MESSAGE = (_l("This form has expired"),
                _l("For your security, forms stop working after a while or when you sign in "
                   "elsewhere. Go back, reload the page and send the form again."))


# Addresses whose errors are answered in a format of their own (the REST API's problem details,
# lms/api): path prefix → answer(status code, the HTTP error if there is one).
FORMATS: dict[str, Callable[[int, HTTPException | None], Response]] = {}


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def render_error(code: int, title, explanation, error: HTTPException | None = None):
    for prefix, answer in FORMATS.items():
        if request.path.startswith(prefix):
            return answer(code, error)
    if _wants_json():
        return jsonify(error=str(title), status=code), code
    return render_template("errors/error.html", code=code, title=title,
                           explanation=explanation), code


def error_page(code: int):
    """The error page for `code` as an ordinary response, for a view that must still commit
    (a throttled lookup records the miss and then says 404)."""
    return render_error(code, *MESSAGES[code])


def _holds_nul() -> bool:
    """A null character is never text anyone typed, and PostgreSQL refuses it in any text column:
    one in the address is refused here rather than as a database error in whichever query meets
    it first. Forms clean their own fields (lms/core/forms.py), keeping what else was typed."""
    values = [*request.args.values(), *(request.view_args or {}).values()]
    return any(isinstance(value, str) and "\x00" in value for value in values)


def init_app(app: Flask) -> None:
    @app.before_request
    def refuse_nul():
        if _holds_nul():
            return render_error(400, *NUL_MESSAGE)
        return None

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        # An expired form loses nothing: what it held is kept and the page opened again with it.
        if not _wants_json() and kept_writing.keep(db.session):
            return redirect(request.path, code=303)
        return render_error(400, *CSRF_MESSAGE)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        title, explanation = MESSAGES.get(code, (error.name, ""))
        return render_error(code, title, explanation, error)
