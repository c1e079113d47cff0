"""The `flask --app wsgi ...` commands, grouped by feature."""
from __future__ import annotations

import secrets
import subprocess
import sys

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from lms.config import PROJECT_ROOT
from lms.extensions import db

db_cli = AppGroup("db", help="Create and migrate the database schema (Alembic).")
users_cli = AppGroup("users", help="Manage accounts.")
outbox_cli = AppGroup("outbox", help="Deliver queued email.")
translations_cli = AppGroup("translations", help="Extract, update and compile the catalogs.")
courses_cli = AppGroup("courses", help="Check and import programmes written as files (courses/).")
reports_cli = AppGroup("reports", help="The network report's snapshot.")

TRANSLATIONS = PROJECT_ROOT / "translations"


def init_app(app: Flask) -> None:
    for group in (db_cli, users_cli, outbox_cli, translations_cli, courses_cli, certificates_cli, reports_cli):
        app.cli.add_command(group)
    app.cli.add_command(demo_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(seed_network_command)


# db ------------------------------------------------------------------------------------

@db_cli.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Migrate the database up to REVISION (default: the newest)."""
    from alembic import command

    from lms.core.migrate import alembic_config
    command.upgrade(alembic_config(current_app), revision)


@db_cli.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Migrate the database down to REVISION (`base` empties it)."""
    from alembic import command

    from lms.core.migrate import alembic_config
    command.downgrade(alembic_config(current_app), revision)


@db_cli.command("revision")
@click.option("-m", "--message", required=True)
@click.option("--autogenerate/--empty", default=True)
def db_revision(message: str, autogenerate: bool) -> None:
    """Write a new revision; read and edit it before committing it."""
    from alembic import command

    from lms.core.migrate import alembic_config
    command.revision(alembic_config(current_app), message=message, autogenerate=autogenerate)


@db_cli.command("current")
def db_current() -> None:
    from alembic import command

    from lms.core.migrate import alembic_config
    command.current(alembic_config(current_app), verbose=True)


@db_cli.command("reseal")
def db_reseal() -> None:
    """Seal the stored secrets again with the first of DATA_KEYS (after putting a new key first).

    All or nothing: if one value opens with none of the keys, nothing is changed."""
    from lms.core import sealed
    from lms.models import metadata
    try:
        with db.engine.begin() as connection:
            count = sealed.reseal(connection, metadata.tables.values(), current_app.config["DATA_KEYS"])
    except sealed.UnreadableSecret as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{count} secret(s) sealed with the first key of DATA_KEYS; the others may now be dropped.")


# users ---------------------------------------------------------------------------------

@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", "full_name", help="Full name (defaults to the part of the email before @).")
@click.option("--role", type=click.Choice(["learner", "facilitator", "staff"]), default="learner",
              show_default=True)
@click.option("--language", type=click.Choice(["en", "zh", "fr"]), default="en", show_default=True)
@click.option("--password", help="Leave out to be asked for it, or use --invite.")
@click.option("--invite", is_flag=True, help="Send an invitation email instead of setting a password.")
def users_create(email: str, full_name: str | None, role: str, language: str,
                 password: str | None, invite: bool) -> None:
    """Create an account, for example the first staff account."""
    from lms.auth.services import send_invitation
    from lms.core.permissions import Role
    from lms.mail.services import deliver_pending
    from lms.users.services import EmailTaken, create_user

    if not invite and password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if password is not None and len(password) < current_app.config["PASSWORD_MIN_LENGTH"]:
        raise click.ClickException(
            f"the password needs at least {current_app.config['PASSWORD_MIN_LENGTH']} characters")
    try:
        user = create_user(db.session, email=email, full_name=full_name or email.split("@")[0],
                           role=Role(role), language=language, password=password)
    except EmailTaken:
        raise click.ClickException(f"an account with the email {email} exists already") from None
    if invite:
        send_invitation(db.session, user, invited_by=None)
    db.session.commit()
    click.echo(f"Created {user.role.value} account {user.email} (id {user.id}).")
    if invite:
        deliver_pending(db.session)


# outbox --------------------------------------------------------------------------------

@outbox_cli.command("send")
@click.option("--limit", type=int, default=None, help="Deliver at most this many messages.")
def outbox_send(limit: int | None) -> None:
    """Deliver pending messages; failed ones are retried on a later run."""
    from lms.mail.services import deliver_pending, pending_count

    sent, failed = deliver_pending(db.session, limit=limit)
    click.echo(f"{sent} sent, {failed} failed, {pending_count(db.session)} still pending.")
    if failed:
        sys.exit(1)


# translations --------------------------------------------------------------------------

def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True,
                   cwd=PROJECT_ROOT)


@translations_cli.command("extract")
def translations_extract() -> None:
    """Collect the messages of the code and templates into messages.pot."""
    _extract()


def _extract() -> None:
    # Babel skips folders whose names start with "_" unless told otherwise: templates/_macros holds messages.
    _pybabel("extract", "-F", str(TRANSLATIONS / "babel.cfg"), "--ignore-dirs", ".* __pycache__ node_modules",
             "-k", "_l", "-k", "N_", "-k", "lazy_ngettext:1,2",
             "--no-location", "--sort-output", "--no-wrap", "--project", "unevoc-lms",
             "-o", str(TRANSLATIONS / "messages.pot"), ".")


@translations_cli.command("update")
def translations_update() -> None:
    """Extract, then merge the new messages into every language's catalog."""
    _extract()
    _pybabel("update", "-i", str(TRANSLATIONS / "messages.pot"), "-d", str(TRANSLATIONS),
             "--no-wrap", "--ignore-obsolete")
    fill_source_catalog(TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po")


def fill_source_catalog(path) -> None:
    """English is the source language: its catalog translates each message as itself."""
    from babel.messages.pofile import read_po, write_po

    with open(path, "rb") as fh:
        catalog = read_po(fh, locale="en")
    for message in catalog:
        if message.id:
            message.string = message.id
            message.flags.discard("fuzzy")
    with open(path, "wb") as fh:
        write_po(fh, catalog, width=0, omit_header=False, sort_output=True)


@translations_cli.command("compile")
def translations_compile() -> None:
    """Build the .mo files the app reads (make does this; they are not committed)."""
    _pybabel("compile", "-d", str(TRANSLATIONS), "--statistics")


# courses -------------------------------------------------------------------------------

def _courses_path(path: str | None):
    from pathlib import Path
    return Path(path) if path else Path(current_app.config["COURSES_PATH"])


@courses_cli.command("check")
@click.argument("path", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print a summary as JSON.")
@click.option("--strict", is_flag=True, help="Fail on warnings too (answer keys given away, glossary).")
def courses_check(path: str | None, as_json: bool, strict: bool) -> None:
    """Check every programme under PATH (default: courses/); exit 1 on any problem.

    Warnings (a quiz whose form gives its answers away, a term the glossary forbids) are
    shown and do not fail the check, unless --strict.
    """
    import json

    from lms.courses.loader import check_courses

    result = check_courses(_courses_path(path))
    if as_json:
        click.echo(json.dumps({"ok": result.ok, "problems": [str(p) for p in result.problems],
                               "warnings": [str(w) for w in result.warnings],
                               "programmes": [p.summary_counts() for p in result.programmes]},
                              ensure_ascii=False, indent=2))
    else:
        for problem in result.problems:
            click.echo(str(problem))
        for warning in result.warnings:
            click.echo(f"warning: {warning}")
        for programme in result.programmes:
            counts = programme.summary_counts()
            click.echo(f"{programme.id}: {counts['modules']} modules, {counts['lessons']} lessons, "
                       f"{counts['activities']} activities; words "
                       + ", ".join(f"{k} {v}" for k, v in counts["words"].items())
                       + "; outdated " + ", ".join(f"{k} {v}" for k, v in counts["outdated"].items()))
            for module in counts["by_module"]:
                click.echo(_module_line(module))
            for lesson in programme.lessons.values():
                if any(t.outdated for t in lesson.texts.values()):
                    english = lesson.texts.get("en")
                    click.echo(f"  outdated: lesson {lesson.id} (English version "
                               f"{english.source_version if english else '?'}): "
                               + ", ".join(t.path for t in lesson.texts.values() if t.outdated))
        click.echo((f"{len(result.problems)} problem(s)" if result.problems else "No problems")
                   + (f", {len(result.warnings)} warning(s)." if result.warnings else "."))
    if not result.ok or (strict and result.warnings):
        sys.exit(1)


def _module_line(module: dict) -> str:
    """One module of `courses check`: its case studies, tools, reading list and length."""
    words = ", ".join(f"{language} {count}" for language, count in module["words"].items())
    if "zh_characters" in module:
        words += f" (zh {module['zh_characters']} characters)"
    return (f"  module {module['id']}: {module['lessons']} lessons; case studies: "
            f"{', '.join(module['case_studies']) or 'none'}; tools: {', '.join(module['tools']) or 'none'}; "
            f"reading: {module['reading']}; webinar plan: {'yes' if module['webinar_plan'] else 'no'}; "
            f"words {words}")


@courses_cli.command("import")
@click.argument("path", required=False)
def courses_import(path: str | None) -> None:
    """Load or update the programmes under PATH in one transaction; nothing on any problem."""
    from lms.courses.loader import check_courses
    from lms.courses.services import import_courses

    result = check_courses(_courses_path(path))
    if not result.ok:
        for problem in result.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(result.problems)} problem(s): nothing was imported.", err=True)
        sys.exit(1)
    try:
        report = import_courses(db.session, result)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    for line in report.lines():
        click.echo(line)
    if report.unchanged:
        click.echo("Nothing changed.")


# demo ----------------------------------------------------------------------------------

@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load (or refresh) the demo: centres, the three demo accounts and more learners."""
    import os

    from lms.demo import load_demo

    password = os.environ.get("LMS_DEMO_PASSWORD") or secrets.token_urlsafe(9)
    summary = load_demo(db.session, password)
    db.session.commit()
    click.echo(summary)
    click.echo("")
    click.echo(f"Demo accounts (password for each: {password}):")
    for email in ("staff@example.org", "facilitator@example.org", "learner@example.org"):
        click.echo(f"  {email}")
    from lms.api.demo import load_api_demo
    client = load_api_demo(db.session)
    db.session.commit()
    if client is not None:
        click.echo("")
        click.echo(f"Demo API client (OAuth 2 client credentials, acting as staff@example.org): "
                   f"client_id {client[0]}, client_secret {client[1]}")


certificates_cli = AppGroup("certificates", help="Issue certificates.")


@certificates_cli.command("issue")
@click.option("--cohort", "cohort_id", type=int, required=True, help="The cohort's number.")
@click.option("--by", "staff_email", help="The staff account issuing them (for the log).")
def certificates_issue(cohort_id: int, staff_email: str | None) -> None:
    """Issue a certificate to every eligible learner of a cohort (never twice)."""
    from sqlalchemy import select

    from lms.certificates.services import eligibility, issue
    from lms.cohorts.models import Cohort
    from lms.users.models import User

    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        raise click.ClickException(f"no cohort {cohort_id}")
    staff = db.session.scalar(select(User).where(User.email == staff_email)) if staff_email else None
    learners = [r.learner for r in eligibility(db.session, cohort)]
    with click.progressbar(length=len(learners), label=f"Checking {len(learners)} learners") as bar:
        made = issue(db.session, cohort, learners, staff, progress=lambda learner: bar.update(1))
    db.session.commit()
    click.echo(f"{len(made)} certificates issued: " + ", ".join(c.serial for c in made) if made
               else "No new certificate: nobody else is eligible.")


@click.command("backup")
@click.argument("target", required=False)
@with_appcontext
def backup_command(target: str | None) -> None:
    """Back the database up to TARGET (default: instance/backups/<time>)."""
    from pathlib import Path

    from lms.backup import BackupError, backup, backup_uploads, uploads_file
    from lms.core import clock
    from lms.core.storage import storage

    url = current_app.config["DATABASE_URL"]
    if target is None:
        stamp = clock.utcnow().strftime("%Y%m%dT%H%M%SZ")
        suffix = "sqlite3" if url.startswith("sqlite") else "dump"
        target = str(Path(current_app.instance_path) / "backups" / f"lms-{stamp}.{suffix}")
    try:
        backup(url, Path(target))
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Backed up to {target}")
    files = backup_uploads(storage().root, Path(target))
    click.echo(f"{files} uploaded files written to {uploads_file(Path(target))}")
    from lms.certificates import keys
    key_file = keys.backup_file(Path(target))
    keys.write_pem_file(key_file, current_app.config["ISSUER_KEYS"])
    click.echo(f"Issuer keys (private: keep them as safe as the database) written to {key_file}")


@click.command("restore")
@click.argument("source")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(source: str, yes: bool) -> None:
    """Replace the database's content by the backup SOURCE. Stop the app first."""
    from pathlib import Path

    from lms.backup import BackupError, restore, restore_uploads
    from lms.core.storage import storage

    if not yes:
        click.confirm("This replaces everything in the database. Go on?", abort=True)
    db.sessions.remove()
    current_app.extensions["lms-db"].engine.dispose()
    try:
        restore(current_app.config["DATABASE_URL"], Path(source))
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Restored from {source}")
    files = restore_uploads(storage().root, Path(source))
    click.echo("The backup holds no uploaded files." if files is None else f"{files} uploaded files put back")
    from lms.certificates import keys
    click.echo(keys.restore(current_app.config, Path(current_app.instance_path), Path(source)))


@reports_cli.command("refresh")
def reports_refresh() -> None:
    """Rebuild the network report's snapshot now (run it from cron every few minutes)."""
    import time

    from lms.reports.services import refresh, tidy

    started = time.perf_counter()
    refresh(db.session)
    db.session.commit()
    tidy(db.engine)
    click.echo(f"report snapshot rebuilt in {time.perf_counter() - started:.2f} s")


@click.command("seed-network")
@click.option("--centres", default=300, show_default=True)
@click.option("--learners", default=10_000, show_default=True)
@click.option("--cohorts", default=60, show_default=True)
@click.option("--big-cohort", default=500, show_default=True, help="Learners in the first, largest cohort.")
@click.option("--seed", default=2026, show_default=True, help="The same seed always gives the same data.")
@click.option("--once", is_flag=True, help="Do nothing if this seed's data set is already there (make run).")
@with_appcontext
def seed_network_command(centres: int, learners: int, cohorts: int, big_cohort: int, seed: int, once: bool) -> None:
    """Add a network-sized data set (after `courses import`), for benchmarks and reports."""
    import time

    from lms.seed import already_seeded, seed_network
    if once and already_seeded(db.session, seed):
        click.echo(f"the network data set of seed {seed} is already there")
        return

    started = time.perf_counter()
    try:
        counts = seed_network(db.session, centres=centres, learners=learners, cohorts=cohorts,
                              big_cohort=big_cohort, seed=seed)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        # Bulk-loaded tables have no statistics until autovacuum comes round: the planner needs them now.
        with db.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    click.echo(", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items())
               + f" — in {time.perf_counter() - started:.1f} s")
