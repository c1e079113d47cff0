"""Every page each role can reach on the demo, checked by axe-core at 1280 and 320 px in English,
Chinese and French, and the invitation and reset links' pages as a newcomer opens them.

Each role signs in in Chromium and follows the links its pages show (one page per kind of
address: the fourth learner's page looks like the third's), so a page added later is checked
as soon as any page links to it. Screenshots of the pages people spend their time on go to
test-output/e2e/pages/ at 375 and 1280 px in each language, to be looked at.
"""
from __future__ import annotations

import os
import re
import time
from collections import deque
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from sqlalchemy import select

from lms.auth import services as auth_services
from lms.auth.models import TokenPurpose
from lms.core.permissions import Role
from lms.extensions import db
from lms.users.models import User
from tests.conftest import COVERAGE

AXE = Axe()
LANGUAGES = ("en", "zh", "fr")
WIDTHS = (1280, 320)
DEMO_PASSWORD = "the demo's password for the pages test"
ACCOUNTS = {Role.learner: "learner@example.org", Role.facilitator: "facilitator@example.org",
            Role.staff: "staff@example.org"}
# Files and actions, not pages; and the language switcher's own links.
SKIP = re.compile(r"\.(csv|xlsx|pdf|json|ics|zip|png|svg|txt|docx|html)$|/logout|/static/|/assets/|/course-assets/"
                  r"|/learn/attachments/|/healthz|^/issuer$|^/credentials/")
# The segment after these names one of many things of the same kind.
KINDS = {"lessons", "quizzes", "reflections", "action-plans", "modules", "webinars", "programmes", "verify",
         "attempts", "work"}
LESSONS_CHECKED = 3
# Pages looked at by eye (the issue's list): dashboard, a lesson, the grading workspace, the report.
SCREENSHOTS = {"/learn": "dashboard", "/learn/cohorts/N/lessons/*": "lesson", "/cohorts/N/grading": "grading",
               "/reports": "report"}


def kind_of(path: str) -> str:
    parts = path.split("?")[0].rstrip("/").split("/") or ["/"]
    kind = []
    for i, part in enumerate(parts):
        kind.append("N" if part.isdigit() else "*" if i and parts[i - 1] in KINDS else part)
    return "/".join(kind) or "/"


def serious(results) -> list[tuple[str, str, str]]:
    return [(v["id"], v["impact"], v["nodes"][0]["target"][0] if v["nodes"] else "")
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def wider_than(page, width: int) -> list[str]:
    """The innermost elements without which the page would fit the viewport, as tag.class and text."""
    return page.evaluate("""width => {
        const fits = e => { const was = e.style.display; e.style.display = 'none';
            const ok = document.documentElement.scrollWidth <= width + 1; e.style.display = was; return ok; };
        const culprits = [...document.querySelectorAll('body *')].filter(fits);
        return culprits.filter(e => !culprits.some(c => c !== e && e.contains(c))).slice(0, 5)
            .map(e => `${e.tagName.toLowerCase()}${e.className ? '.' + e.className : ''}`
                      + ` "${e.textContent.trim().slice(0, 40)}"`);
    }""", width)


class Checker:
    def __init__(self, page, base: str, shots):
        self.page, self.base, self.shots = page, base, shots
        self.pages = 0
        self.runs = 0
        self.found: list[tuple] = []
        self.seconds: dict[str, float] = {}
        self.shot: set[str | None] = set()
        self.charts = 0

    def check(self, path: str, who: str) -> None:
        """Axe at both widths in the three languages; a screenshot where the page is one to look at."""
        page = self.page
        self.pages += 1
        shot = SCREENSHOTS.get(kind_of(path))
        if shot in self.shot:
            shot = None  # the first one reached, by the role that works on it (the grading: the facilitator)
        self.shot.add(shot)
        for language in LANGUAGES:
            separator = "&" if "?" in path else "?"
            response = page.goto(f"{self.base}{path}{separator}lang={language}")
            assert response is not None and response.status < 400, (who, path, response and response.status)
            assert page.evaluate("document.documentElement.lang") == language, (who, path)
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                self.runs += 1
                self.found += [(who, path, language, width, *v) for v in serious(AXE.run(page))]
                if page.evaluate("document.documentElement.scrollWidth") > width + 1:
                    pytest.fail(f"{path} ({language}) scrolls sideways at {width} px: {wider_than(page, width)}")
                if language == "en" and width == 1280 and page.locator("svg.chart").count():
                    self.charts_in_forced_colours(path)
                if shot:
                    shot_width = 375 if width == 320 else width
                    page.set_viewport_size({"width": shot_width, "height": 900})
                    page.screenshot(path=str(self.shots / f"{shot}-{language}-{shot_width}.png"), full_page=True)

    def charts_in_forced_colours(self, path: str) -> None:
        """In a dark high-contrast theme, a chart's text is the theme's text colour, not black on black."""
        page = self.page
        page.emulate_media(forced_colors="active", color_scheme="dark")
        colours = page.evaluate("""() => [...document.querySelectorAll('svg.chart text')].map(
            t => getComputedStyle(t).fill === getComputedStyle(t.closest('svg')).color)""")
        page.emulate_media(forced_colors="none", color_scheme="light")
        self.charts += 1
        assert colours and all(colours), f"chart text on {path} is not drawn in the theme's text colour"

    def crawl(self, who: str, start: str = "/", limit: int = 60) -> int:
        """Follow the links of every page reached from `start`, one page per kind of address."""
        page = self.page
        seen_kinds: dict[str, int] = {}
        queue, visited = deque([start]), set()
        checked = 0
        while queue and checked < limit:
            path = queue.popleft()
            kind = kind_of(path)
            allowed = LESSONS_CHECKED if kind.endswith("/lessons/*") else 1
            if path in visited or seen_kinds.get(kind, 0) >= allowed:
                continue
            visited.add(path)
            seen_kinds[kind] = seen_kinds.get(kind, 0) + 1
            started = time.monotonic()
            self.check(path, who)
            self.seconds[who] = self.seconds.get(who, 0) + time.monotonic() - started
            checked += 1
            for href in page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)"):
                link = urlsplit(href)
                if f"{link.scheme}://{link.netloc}" != self.base or SKIP.search(link.path):
                    continue
                query = "&".join(p for p in link.query.split("&") if p and not p.startswith("lang="))
                target = link.path + (f"?{query}" if query else "")
                if target not in visited:
                    queue.append(target)
        return checked


@pytest.fixture()
def demo(app, monkeypatch):
    monkeypatch.setenv("LMS_DEMO_PASSWORD", DEMO_PASSWORD)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["courses", "import"]).exit_code == 0
    assert runner.invoke(args=["demo"]).exit_code == 0


def links_for_a_newcomer(app) -> tuple[str, str]:
    """An invitation for a new learner and a password reset for the demo's learner, as emailed."""
    with app.app_context():
        newcomer = User(email="newcomer@example.org", full_name="Nouvelle Venue", role=Role.learner, language="fr")
        db.session.add(newcomer)
        db.session.flush()
        invitation = auth_services.issue_token(db.session, newcomer, TokenPurpose.invitation)
        learner = db.session.scalar(select(User).where(User.email == ACCOUNTS[Role.learner]))
        reset = auth_services.issue_token(db.session, learner, TokenPurpose.password_reset)
        db.session.commit()
    return f"/invitation/{invitation}", f"/reset-password/{reset}"


@pytest.mark.skipif(bool(os.environ.get("LMS_TEST_DATABASE_URL")),
                    reason="the pages' markup does not depend on the database: checked once, in the SQLite run")
def test_every_page_of_every_role_passes_axe_at_both_widths_in_three_languages(app, demo, live_server, browser, shots):
    invitation, reset = links_for_a_newcomer(app)
    (shots / "pages").mkdir(exist_ok=True)
    context = browser.new_context()
    checker = Checker(context.new_page(), live_server, shots / "pages")
    for path in ("/", "/login", "/reset-password", "/verify", invitation, reset):
        checker.check(path, "anonymous")
    context.close()
    reached = {}
    for role, email in ACCOUNTS.items():
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{live_server}/login")
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", DEMO_PASSWORD)
        with page.expect_navigation():
            page.click("form:has(input[name=password]) button[type=submit]")
        assert urlsplit(page.url).path != "/login", f"{email} could not sign in"
        checker.page = page
        reached[role.value] = checker.crawl(role.value)
        context.close()
    COVERAGE["every-page axe: pages"] = checker.pages
    COVERAGE["every-page axe: runs (pages × 3 languages × 2 widths)"] = checker.runs
    COVERAGE["every-page axe: serious or critical"] = len(checker.found)
    assert reached["learner"] >= 8 and reached["facilitator"] >= 8 and reached["staff"] >= 8, reached
    assert checker.found == []
    for name in SCREENSHOTS.values():
        for language in LANGUAGES:
            for width in (375, 1280):
                assert (shots / "pages" / f"{name}-{language}-{width}.png").exists(), (name, language, width)
