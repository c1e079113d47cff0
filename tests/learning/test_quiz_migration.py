"""The migration that records options' order gives attempts made before it the order they were shown in."""
from __future__ import annotations

import json

from alembic import command
from sqlalchemy import create_engine, inspect, text

from lms.core.migrate import alembic_config
from tests.core.test_migrations import scratch_url  # noqa: F401 (a fixture)

QUESTIONS = [{"id": "q1", "type": "single", "options": [{"id": "b"}, {"id": "a"}, {"id": "c"}]},
             {"id": "q2", "type": "true_false", "answer": True}]


def test_earlier_attempts_get_their_file_order_and_the_downgrade_removes_it(app, scratch_url):  # noqa: F811
    config = alembic_config(app, scratch_url)
    command.upgrade(config, "0009_pages_version")
    engine = create_engine(scratch_url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO users (id, email, full_name, role, language, timezone, position, "
                          "session_token, active, created_at, pages_version) VALUES (1, 'a@example.org', 'A', "
                          "'learner', 'en', 'UTC', '', 'token', true, '2026-01-01 00:00:00', 0)"))
        conn.execute(text("INSERT INTO programmes (id, slug, title, summary, languages, completion, imported_at) "
                          "VALUES (1, 'p', '{}', '{}', '[]', '{}', '2026-01-01 00:00:00')"))
        conn.execute(text("INSERT INTO activities (id, programme_id, slug, type, position, definition) "
                          "VALUES (1, 1, 'quiz', 'quiz', 0, '{}')"))
        conn.execute(text("INSERT INTO quiz_attempts (id, user_id, activity_id, number, language, questions, "
                          "answers, results, score, passed, submitted_at) VALUES (1, 1, 1, 1, 'en', :questions, "
                          "'{}', '{}', 0, false, '2026-01-01 00:00:00')"), {"questions": json.dumps(QUESTIONS)})
    command.upgrade(config, "0012_content_resources")
    with engine.connect() as conn:
        order = conn.execute(text("SELECT option_order FROM quiz_attempts")).scalar_one()
    assert (json.loads(order) if isinstance(order, str) else order) == {"q1": ["b", "a", "c"]}
    command.downgrade(config, "0011_user_sessions")
    columns = {c["name"] for c in inspect(engine).get_columns("quiz_attempts")}
    assert "option_order" not in columns and "reading_items" not in inspect(engine).get_table_names()
    engine.dispose()
