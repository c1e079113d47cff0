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
