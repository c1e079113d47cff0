"""`flask impact follow-ups`: the evaluation offers, the check-ins and their reminders, run daily from cron."""
from __future__ import annotations

import click

from lms.extensions import db
from lms.impact import bp, evaluation, followups, waiting
from lms.mail.services import deliver_pending


@bp.cli.command("follow-ups")
@click.option("--no-send", is_flag=True, help="Queue the emails in the outbox without delivering it.")
def follow_ups_command(no_send: bool) -> None:
    """Offer the evaluation to cohorts that ended, open the 3-, 6- and 12-month check-ins that are
    due, email them and remind (at most twice) those unanswered; never one email twice."""
    while waiting.refresh_unknown(db.session):  # accounts from before this feature, once
        db.session.commit()
    offered = evaluation.offer_due(db.session)
    opened = followups.open_due(db.session)
    db.session.commit()
    sent, reminded = followups.send_due(db.session)
    db.session.commit()
    click.echo(f"{offered} evaluations offered, {opened} check-ins opened, {sent} sent, {reminded} reminders.")
    if not no_send:
        delivered, failed = deliver_pending(db.session)
        click.echo(f"{delivered} emails sent, {failed} failed attempts.")
