"""Load the learner's pages cold in headless Chromium and print the requests and bytes of each.

    make page-weight          (or: .venv/bin/python -m tests.bench.page_weight)

It builds a throw-away instance (SQLite, the programme, the demo), serves it with
gunicorn as in production, signs in as the demo learner, and opens each page in a
fresh browser context (an empty cache). The budget: at most 5 requests and 50 KB
transferred per page (HTML, CSS, fonts and scripts). Exit status 1 when a page is over.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from tests import gunicorn

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
MAX_REQUESTS, MAX_BYTES = 5, 50 * 1024
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PASSWORD = "page-weight-demo-password"


def serve(instance: str) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "LMS_INSTANCE_PATH": instance, "LMS_DEMO_PASSWORD": PASSWORD,
           "LMS_MAIL_SERVER": "", "PYTHONUNBUFFERED": "1"}
    env.pop("LMS_DATABASE_URL", None)
    for command in (["db", "upgrade"], ["courses", "import"], ["demo"]):
        subprocess.run([str(BIN / "flask"), "--app", "wsgi", *command], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)
    return gunicorn.start(env, workers=2)


def measure(base: str) -> list[dict]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{base}/login?lang=zh")
        page.fill("input[name=email]", "learner@example.org")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        dashboard = page.content()
        cohort = re.search(r"/learn/cohorts/(\d+)/", dashboard).group(1)
        state = context.storage_state()
        context.close()
        pages = {
            "dashboard": "/learn",
            "module": f"/learn/cohorts/{cohort}/modules/greening-tvet",
            "lesson": f"/learn/cohorts/{cohort}/lessons/whole-institution-approach",
            "quiz": f"/learn/cohorts/{cohort}/quizzes/greening-quiz",
            "reflection": f"/learn/cohorts/{cohort}/reflections/greening-reflection",
            "action plan": f"/learn/cohorts/{cohort}/action-plans/institutional-action-plan",
            "self-assessment": f"/learn/cohorts/{cohort}/self-assessment",
        }
        rows = []
        for name, path in pages.items():
            cold = browser.new_context(storage_state=state)  # an empty cache, the same sign-in
            tab = cold.new_page()
            finished: list = []
            tab.on("requestfinished", lambda request, into=finished: into.append(request))
            response = tab.goto(base + path, wait_until="load")
            assert response is not None and response.ok, (name, response and response.status)
            sizes = [r.sizes() for r in finished]
            transferred = sum(s["responseBodySize"] + s["responseHeadersSize"] for s in sizes)
            rows.append({"page": name, "path": path, "requests": len(finished), "bytes": transferred,
                         "ok": len(finished) <= MAX_REQUESTS and transferred <= MAX_BYTES})
            cold.close()
        browser.close()
    return rows


def main() -> int:
    with tempfile.TemporaryDirectory() as instance:
        server, base = serve(instance)
        try:
            rows = measure(base)
        finally:
            gunicorn.stop(server)
    print(f"{'page':<16} {'requests':>8} {'bytes':>8}  budget ({MAX_REQUESTS} requests, {MAX_BYTES // 1024} KB)")
    for row in rows:
        print(f"{row['page']:<16} {row['requests']:>8} {row['bytes']:>8}  {'ok' if row['ok'] else 'OVER'}")
    print(json.dumps(rows))
    return 0 if all(row["ok"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
