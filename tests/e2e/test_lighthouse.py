"""Google's Lighthouse scores the learner pages' accessibility 100, in the three languages.

Lighthouse (from the npm registry, pinned in tests/e2e/lighthouse/package-lock.json and installed
by `npm ci` on first use) runs in Debian's Chromium against the demo served on loopback, signed
in as the demo learner: the dashboard in English, Chinese and French, and in English a module,
a lesson, a quiz, a reflection, the action plan and the self-assessment. Its audits overlap
axe-core's (tests/e2e/test_every_page.py) and add its own: a score under 100 names each audit
that failed and the elements it found.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import COVERAGE
from tests.e2e.conftest import CHROMIUM
from tests.e2e.test_every_page import DEMO_PASSWORD, demo  # noqa: F401

LIGHTHOUSE = Path(__file__).parent / "lighthouse"
KINDS = ("/modules/", "/lessons/", "/quizzes/", "/reflections/", "/action-plans/", "/self-assessment")


def install() -> None:
    """`npm ci` in tests/e2e/lighthouse, unless node_modules matches package-lock.json already."""
    if not shutil.which("node") or not shutil.which("npm"):
        message = "node and npm are needed for Lighthouse (Debian: nodejs, npm)"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    lock, installed = LIGHTHOUSE / "package-lock.json", LIGHTHOUSE / "node_modules" / ".package-lock.json"
    if installed.exists() and installed.stat().st_mtime >= lock.stat().st_mtime:
        return
    done = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=LIGHTHOUSE,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"npm ci failed in {LIGHTHOUSE}: {done.stderr[-2000:]}"


def learner_pages(browser, base: str) -> tuple[str, list[str]]:
    """Signs the demo learner in; their session cookie and one page of each kind their dashboard reaches."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/login")
    page.fill("input[name=email]", "learner@example.org")
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("form:has(input[name=password]) button[type=submit]")
    assert urlsplit(page.url).path == "/learn"
    found: dict[str, str] = {}
    modules: list[str] = []

    def collect() -> None:
        for href in page.evaluate("[...document.querySelectorAll('main a[href]')].map(a => a.href)"):
            link = urlsplit(href)
            kind = next((k for k in KINDS if k in link.path), None)
            if link.netloc != urlsplit(base).netloc or not kind or link.path.endswith((".html", ".pdf", ".xlsx")):
                continue
            found.setdefault(kind, link.path)
            if kind == "/modules/" and link.path not in modules:
                modules.append(link.path)

    collect()
    for module in modules:  # the module pages list the activities the dashboard does not
        if len(found) == len(KINDS):
            break
        page.goto(base + module)
        collect()
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in context.cookies())
    context.close()
    return cookie, [found[k] for k in KINDS if k in found]


def test_lighthouse_scores_the_learner_pages_accessibility_100_in_three_languages(demo, live_server,  # noqa: F811
                                                                                   browser):
    install()
    cookie, pages = learner_pages(browser, live_server)
    assert len(pages) == len(KINDS), pages
    urls = [f"{live_server}/learn?lang={language}" for language in ("en", "zh", "fr")]
    urls += [f"{live_server}{path}?lang=en" for path in pages]
    done = subprocess.run(["node", "run.mjs"], cwd=LIGHTHOUSE, capture_output=True, text=True, timeout=900,
                          input=json.dumps({"urls": urls, "cookie": cookie, "chrome": CHROMIUM}),
                          env={**os.environ, "NODE_NO_WARNINGS": "1"})
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(done.stdout)
    assert [urlsplit(r["finalUrl"]).path for r in results] == [urlsplit(u).path for u in urls]  # none sent to /login
    below = {r["url"]: (r["score"], r["failed"]) for r in results if r["score"] < 100}
    COVERAGE["Lighthouse accessibility: learner pages scored"] = len(results)
    COVERAGE["Lighthouse accessibility: pages under 100"] = len(below)
    assert below == {}, json.dumps(below, indent=1, ensure_ascii=False)
