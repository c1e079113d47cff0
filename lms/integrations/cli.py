"""`flask integrations deliver`: drain the delivery outbox, run from cron every minute."""
from __future__ import annotations

import click

from lms.integrations import bp, outbox
from lms.extensions import db


@bp.cli.command("deliver")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Deliver at most this many now.")
@click.option("--kind", type=click.Choice(["webhook", "xapi"]), default=None, help="Only deliveries of this kind.")
def deliver_command(limit: int | None, kind: str | None) -> None:
    """Deliver the webhooks and xAPI statements that are due; safe to run on several hosts at once."""
    delivered, failed = outbox.deliver_pending(db.session, limit=limit, kind=kind)
    click.echo(f"{delivered} delivered, {failed} failed attempts.")
