"""`flask lti send-scores` (from cron, like the outbox) and `flask lti sync-roster LINK_ID`."""
from __future__ import annotations

import click

from lms.extensions import db
from lms.lti import advantage, bp
from lms.lti.models import LtiLink
from lms.sso.oidc import ProviderError


@bp.cli.command("send-scores")
def send_scores_command() -> None:
    """Send the queued quiz scores to the platforms' line items; each one once, whoever runs it."""
    sent, failed = advantage.send_scores(db.session)
    click.echo(f"{sent} scores sent, {failed} failed attempts.")


@bp.cli.command("sync-roster")
@click.argument("link_id", type=int)
def sync_roster_command(link_id: int) -> None:
    """Read a resource link's context members (NRPS) and enrol its learners in the platform's cohort."""
    link = db.session.get(LtiLink, link_id)
    if link is None:
        raise click.ClickException(f"no LTI link {link_id}")
    try:
        enrolled, read = advantage.sync_roster(db.session, link)
    except ProviderError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"{read} members read, {enrolled} learners enrolled or already there.")
