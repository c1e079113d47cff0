"""A backup restores every row, on SQLite (online backup) and PostgreSQL (pg_dump)."""
from __future__ import annotations

from sqlalchemy import func, select, text

from lms.extensions import db
from lms.models import metadata


def row_counts(app) -> dict[str, int]:
    with app.app_context():
        return {t.name: db.session.scalar(select(func.count()).select_from(t)) for t in metadata.sorted_tables}


def test_a_backup_restores_every_row(app, classroom, tmp_path):
    runner = app.test_cli_runner()
    before = row_counts(app)
    assert before["users"] >= 2 and before["lessons"] > 0 and before["enrolments"] == 1
    result = runner.invoke(args=["backup", str(tmp_path / "lms.backup")])
    assert result.exit_code == 0, result.output
    with app.app_context():  # lose everything
        for table in reversed(metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
    assert set(row_counts(app).values()) == {0}
    result = runner.invoke(args=["restore", str(tmp_path / "lms.backup"), "--yes"])
    assert result.exit_code == 0, result.output
    assert row_counts(app) == before
    with app.app_context():
        assert db.session.scalar(text("SELECT full_name FROM users WHERE email = :e"),
                                 {"e": classroom.learner.email}) == "Awa Sarr"


def test_the_database_file_and_its_backups_are_readable_by_the_app_alone(app, tmp_path):
    import os
    import stat

    from lms import create_app
    from tests.conftest import test_config
    fresh = tmp_path / "fresh" / "lms.sqlite3"
    other = create_app({**test_config(f"sqlite:///{fresh}", tmp_path, 25)})
    assert stat.S_IMODE(os.stat(fresh).st_mode) == 0o600
    other.extensions["lms-db"].engine.dispose()
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "backups" / "lms.backup")])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(os.stat(tmp_path / "backups" / "lms.backup").st_mode) == 0o600
    assert stat.S_IMODE(os.stat(tmp_path / "backups").st_mode) == 0o700


def test_a_backup_brings_back_the_attachments_of_written_work(app, client, classroom, tmp_path):
    from tests.learning.test_work import PDF, post_plan
    client.login(classroom.learner)
    assert post_plan(client, classroom, "My plan.", [("plan.pdf", PDF)]).status_code == 302
    with app.app_context():
        from lms.core.storage import storage
        from lms.learning.models import Attachment
        stored = db.session.scalar(select(Attachment.stored_name))
        path = storage().path(stored)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["backup", str(tmp_path / "lms.backup")])
    assert result.exit_code == 0 and "uploaded files written" in result.output, result.output
    path.unlink()  # the disk lost
    result = runner.invoke(args=["restore", str(tmp_path / "lms.backup"), "--yes"])
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == PDF
    download = client.get(f"/learn/attachments/{db_id(app)}")
    assert download.status_code == 200 and download.data == PDF


def db_id(app) -> int:
    with app.app_context():
        from lms.learning.models import Attachment
        return db.session.scalar(select(Attachment.id))
