"""Migrations are reviewed code: they go up, down and up again, and match the models."""
from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from lms.core.migrate import alembic_config
from lms.models import metadata


@pytest.fixture()
def scratch_url(database_url, tmp_path):
    """A separate, empty database of the same kind as the suite's."""
    if not database_url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    url = make_url(database_url)
    name = f"{url.database}_migrations"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def tables(url: str) -> set[str]:
    engine = create_engine(url)
    names = set(inspect(engine).get_table_names()) - {"alembic_version"}
    engine.dispose()
    return names


def test_upgrade_downgrade_upgrade(app, scratch_url):
    config = alembic_config(app, scratch_url)
    command.upgrade(config, "head")
    assert tables(scratch_url) == set(metadata.tables)
    command.downgrade(config, "base")
    assert tables(scratch_url) == set()
    command.upgrade(config, "head")
    assert tables(scratch_url) == set(metadata.tables)


def test_every_revision_steps_down_and_up_again(app, scratch_url):
    config = alembic_config(app, scratch_url)
    revisions = list(ScriptDirectory.from_config(config).walk_revisions("base", "heads"))
    for revision in reversed(revisions):
        command.upgrade(config, revision.revision)
        command.downgrade(config, revision.down_revision or "base")
        command.upgrade(config, revision.revision)


def test_the_models_and_the_migrations_agree(app, scratch_url):
    command.upgrade(alembic_config(app, scratch_url), "head")
    engine = create_engine(scratch_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
    engine.dispose()
    assert differences == [], "run `flask --app wsgi db revision -m ...` and review it"


def test_there_is_a_single_head(app):
    assert len(ScriptDirectory.from_config(alembic_config(app)).get_heads()) == 1


def test_people_and_cohorts_made_before_calendar_tokens_get_one_in_the_migration(app, scratch_url):
    """A page's first view used to make the token (a GET that wrote); the migration does it now."""
    config = alembic_config(app, scratch_url)
    command.upgrade(config, "0009_pages_version")
    engine = create_engine(scratch_url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO users (email, full_name, role, language, timezone, position, active, "
                          "created_at, session_token, pages_version) VALUES ('a@example.org', 'A', 'learner', "
                          "'en', 'UTC', '', :yes, CURRENT_TIMESTAMP, 'x', 0), ('gone@example.org', 'Anonymised', "
                          "'learner', 'en', 'UTC', '', :no, CURRENT_TIMESTAMP, 'y', 0)"), {"yes": True, "no": False})
    command.upgrade(config, "0010_calendar_tokens")
    with engine.connect() as conn:
        tokens = dict(conn.execute(text("SELECT email, calendar_token FROM users")).all())
    engine.dispose()
    assert len(tokens["a@example.org"]) >= 40 and tokens["gone@example.org"] is None
