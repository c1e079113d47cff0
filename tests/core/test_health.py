"""`/healthz` tells load balancers whether the app and its database answer."""
from lms import create_app


def test_healthz_answers_ok_with_json_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_does_not(tmp_path):
    broken = create_app({"TESTING": True, "SECRET_KEY": "x", "INSTANCE_PATH": str(tmp_path),
                         "DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none"})
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "unavailable"
    # The process itself is alive: a load balancer must not restart it for the database's sake.
    live = broken.test_client().get("/healthz/live")
    assert (live.status_code, live.get_data(as_text=True)) == (200, "ok")
    broken.extensions["lms-db"].engine.dispose()


def test_connections_the_server_closed_while_they_sat_idle_are_replaced_unseen(app, client, monkeypatch):
    """PostgreSQL restarted, or an idle timeout: pooled connections are dead. One that sat idle is
    asked first (not every checkout: that would cost each request a round trip) and replaced."""
    import contextlib

    import pytest
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    from lms import extensions

    engine = app.extensions["lms-db"].engine
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no server to close connections")
    assert client.get("/healthz").status_code == 200  # connections now wait in the pool
    with contextlib.ExitStack() as stack:  # every pooled connection's server process
        pooled = [stack.enter_context(engine.connect()) for _ in range(max(1, engine.pool.checkedin()))]
        pids = [connection.scalar(text("SELECT pg_backend_pid()")) for connection in pooled]
    with create_engine(engine.url, poolclass=NullPool).connect() as admin:
        for pid in pids:
            assert admin.scalar(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    monkeypatch.setattr(extensions, "PING_AFTER_IDLE_SECONDS", 0.0)
    try:
        assert client.get("/healthz").json == {"status": "ok", "database": "ok"}
    finally:
        engine.dispose()  # the dead connections this request did not need
