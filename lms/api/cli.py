"""`flask api prune`: forget what the API no longer needs, from cron (daily is plenty)."""
from __future__ import annotations

import datetime as dt

import click
from flask import current_app
from sqlalchemy import delete

from lms.api import bp
from lms.api.edge import RATE_BUCKET
from lms.api.models import ApiToken
from lms.core import clock
from lms.core.db import rowcount
from lms.core.ratelimit import RateEvent
from lms.extensions import db

KEEP_EXPIRED = dt.timedelta(days=30)


@bp.cli.command("prune")
def prune_command() -> None:
    """Delete the API's rate counts older than its window, and clients' access tokens a month past
    their expiry (personal tokens stay listed for their owners until they delete their account)."""
    window = dt.timedelta(seconds=int(current_app.config["API_RATE_WINDOW_SECONDS"]))
    now = clock.utcnow()
    counts = rowcount(db.session.execute(delete(RateEvent).where(RateEvent.bucket == RATE_BUCKET,
                                                                 RateEvent.created_at <= now - window)))
    tokens = rowcount(db.session.execute(delete(ApiToken).where(ApiToken.client_id.is_not(None),
                                                                ApiToken.expires_at <= now - KEEP_EXPIRED)))
    db.session.commit()
    click.echo(f"{counts} rate counts and {tokens} expired client tokens deleted.")
