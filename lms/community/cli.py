"""`flask community digests`: the daily and weekly digests, run from cron."""
from __future__ import annotations

import click

from lms.community import bp, notifications
from lms.extensions import db
from lms.mail.services import deliver_pending


@bp.cli.command("digests")
@click.option("--no-send", is_flag=True, help="Queue the digests in the outbox without delivering it.")
def digests_command(no_send: bool) -> None:
    """Queue every daily and weekly digest that is due, then deliver the outbox; never one twice."""
    count = notifications.send_digests(db.session)
    db.session.commit()
    click.echo(f"{count} digests queued.")
    if not no_send:
        sent, failed = deliver_pending(db.session)
        click.echo(f"{sent} emails sent, {failed} failed attempts.")
