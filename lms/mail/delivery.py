"""Delivering the outbox right after a request that queued mail, when so configured."""
from __future__ import annotations

from flask import Flask, Response, current_app, g

from lms.extensions import db
from lms.mail.services import deliver_pending


def init_app(app: Flask) -> None:
    @app.after_request
    def deliver_after_request(response: Response) -> Response:
        if g.get("outbox_queued") and current_app.config["MAIL_SEND_AFTER_REQUEST"]:
            # Flask types current_app as the Flask it stands for; it is a LocalProxy.
            flask_app = current_app._get_current_object()  # type: ignore[attr-defined]

            def deliver() -> None:
                # After the response has gone out, so that a slow SMTP server delays nobody.
                with flask_app.app_context():
                    deliver_pending(db.session, limit=50)

            response.call_on_close(deliver)
        return response
