"""The one request edge: every page declared, one commit or rollback at the edge, no import cycles."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from flask import Blueprint
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from lms import create_app
from lms.audit.models import AuditEvent
from lms.core.edge import PUBLIC, SIGNED_IN, GetWrote, Page, page
from lms.core.permissions import Role
from lms.extensions import db
from lms.users.models import User
from tests.conftest import Client, test_config

LMS = Path(__file__).resolve().parents[2] / "lms"


def test_every_page_of_the_app_is_declared_through_the_edge(app):
    """Every page through lms/core/edge.py; the REST API's operations through its own edge
    (lms/api/edge.py: the token, its scope, the loads and permissions, one commit)."""
    from lms.api.edge import Operation
    undeclared = [rule.endpoint for rule in app.url_map.iter_rules()
                  if not isinstance(getattr(app.view_functions[rule.endpoint], "page", None), Page)
                  and not isinstance(getattr(app.view_functions[rule.endpoint], "operation", None), Operation)]
    assert undeclared == []


def test_only_pages_that_say_so_write_on_a_get(app):
    writing = sorted(rule.endpoint for rule in app.url_map.iter_rules()
                     if getattr(app.view_functions[rule.endpoint], "page", None)
                     and app.view_functions[rule.endpoint].page.writes_on_get)
    # Reading progress, exports and downloads recorded in the audit log, a stale report snapshot
    # rebuilt, and certificate lookups counted against guessing.
    # The LTI login and the sign-in's return keep their one-use state (a platform's or a
    # provider's redirect is a GET).
    assert writing == ["certificates.verify", "certificates.verify_json", "cohorts.gradebook_csv",
                       "cohorts.gradebook_xlsx", "learning.lesson", "lti.login", "reports.export_csv",
                       "reports.export_xlsx", "reports.network", "sso.callback", "users.my_data"]


def test_no_view_module_commits():
    views = [p for p in LMS.rglob("*.py") if p.name == "views.py" or p.name.endswith("_views.py")]
    assert len(views) >= 12
    committing = [str(p.relative_to(LMS)) for p in views if "commit()" in p.read_text(encoding="utf-8")]
    assert committing == []


def _imports(path: Path, modules: set[str]) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                target = f"{node.module}.{alias.name}"
                found.add(target if target in modules else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found & modules


def test_the_import_graph_of_lms_has_no_cycle():
    """Every import counts, those inside functions too: a cycle hidden in a function is still one."""
    modules = {}
    for path in LMS.rglob("*.py"):
        parts = path.relative_to(LMS.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    graph = {name: _imports(path, set(modules)) - {name} for name, path in modules.items()}
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph[name]):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target):], target])
            elif target not in state:
                visit(target, [*path, target])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


# The edge's own behaviour, on an app with pages of its own --------------------------------

@pytest.fixture()
def edge_app(database_url, smtp_server, tmp_path, app):
    """An app (sharing the suite's database) with four more pages that write in different ways."""
    probe = Blueprint("probe", __name__)

    def audit(name: str) -> None:
        db.session.add(AuditEvent(action="probe", target=name))

    @page(probe, "/probe/get-writes", roles=PUBLIC)
    def get_writes():
        audit("get")
        return "written"

    @page(probe, "/probe/get-writes-declared", roles=PUBLIC, writes_on_get=True)
    def get_writes_declared():
        audit("declared")
        return "written"

    @page(probe, "/probe/post", methods=["POST"], roles=PUBLIC)
    def post():
        audit("post")
        return "posted"

    @page(probe, "/probe/fails", methods=["POST"], roles=PUBLIC)
    def fails():
        audit("half-done")
        db.session.flush()
        raise IntegrityError("INSERT ...", {}, Exception("a unique constraint"))

    @page(probe, "/probe/staff", roles=[Role.staff])
    def staff_only():
        return "staff"

    @page(probe, "/probe/signed-in", roles=SIGNED_IN)
    def signed_in():
        return "anyone signed in"

    from lms.extensions import csrf
    csrf.exempt(post)
    csrf.exempt(fails)
    other = create_app(test_config(database_url, tmp_path, smtp_server[1]))
    other.register_blueprint(probe)
    yield other
    other.extensions["lms-db"].engine.dispose()


def probes(app) -> list[str]:
    with app.app_context():
        return sorted(db.session.scalars(select(AuditEvent.target).where(AuditEvent.action == "probe")))


def test_a_get_that_writes_without_saying_so_is_refused_and_nothing_is_kept(edge_app):
    client = edge_app.test_client()
    with pytest.raises(GetWrote, match="declare writes_on_get"):
        client.get("/probe/get-writes")
    assert probes(edge_app) == []
    assert client.get("/probe/get-writes-declared").status_code == 200
    assert client.post("/probe/post").status_code == 200
    assert probes(edge_app) == ["declared", "post"]


def test_a_failure_rolls_everything_back_and_the_error_page_still_draws(edge_app):
    edge_app.testing = False  # as in production: the exception becomes the 500 page
    client = edge_app.test_client()
    response = client.post("/probe/fails?lang=fr")
    assert response.status_code == 500
    assert "Une erreur s'est produite de notre côté" in response.get_data(as_text=True)
    assert probes(edge_app) == []
    assert client.post("/probe/post").status_code == 200  # the next request finds the database as it was
    assert probes(edge_app) == ["post"]


def test_roles_are_checked_before_the_body(edge_app, make_user):
    client = Client(edge_app.test_client())
    assert client.get("/probe/staff").headers["Location"].startswith("/login")
    assert client.get("/probe/signed-in").headers["Location"].startswith("/login")
    client.login(make_user(role=Role.learner))
    assert client.get("/probe/staff").status_code == 403
    assert client.get("/probe/signed-in").get_data(as_text=True) == "anyone signed in"
    with edge_app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 1
