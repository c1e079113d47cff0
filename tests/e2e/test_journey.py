"""The whole journey in a real browser, in three languages, checked by axe-core at each page.

Staff create a cohort → its facilitator enrols learners from a CSV file → a learner opens
the invitation from the email, sets a password, works through a module in Chinese,
answers the self-assessment and submits an action plan → the facilitator grades it in
French → staff issue the certificate in English → an anonymous visitor verifies it.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from sqlalchemy import select

from lms.certificates.models import Certificate
from lms.core.permissions import Role
from lms.courses.models import Programme
from lms.extensions import db
from tests.conftest import COVERAGE, PASSWORD, find_link
from tests.courses.course_files import write_course

AXE = Axe()
CHECKED = {"pages": 0, "serious": []}
LEARNER_PASSWORD = "a new password for the journey"


class Journey:
    def __init__(self, page, base, shots, language):
        self.page, self.base, self.shots, self.language = page, base, shots, language
        self.step = 0

    def go(self, path: str) -> None:
        response = self.page.goto(self.base + path)
        assert response is not None and response.status < 400, (path, response and response.status)
        self.check()

    def check(self, name: str | None = None, *, posted: bool = False) -> None:
        """Axe in all three languages, no sideways scrolling at 375 px, and a screenshot.

        A page that answers a form (`posted`) cannot be loaded again: it is checked as it is.
        """
        page = self.page
        url = page.url
        self.step += 1
        label = name or urlsplit(url).path.strip("/").replace("/", "-") or "home"
        page.screenshot(path=str(self.shots / f"{self.step:02d}-{label}.png"), full_page=True)
        for language in ((None,) if posted else ("en", "zh", "fr")):
            if language is None:
                results = AXE.run(page)
                CHECKED["pages"] += 1
                CHECKED["serious"] += [(page.url, v["id"], v["impact"]) for v in results.response["violations"]
                                       if v["impact"] in ("serious", "critical")]
                continue
            page.goto(url.split("?")[0] + f"?lang={language}")
            assert page.evaluate("document.documentElement.lang") == language
            results = AXE.run(page)
            CHECKED["pages"] += 1
            CHECKED["serious"] += [(page.url, v["id"], v["impact"]) for v in results.response["violations"]
                                   if v["impact"] in ("serious", "critical")]
        unreachable = page.evaluate("""[...document.querySelectorAll(
            'a[href], button, input:not([type=hidden]), select, textarea, summary')]
            .filter(e => e.tabIndex < 0 && !e.closest('[hidden]')).map(e => e.outerHTML)""")
        assert unreachable == [], f"not reachable by keyboard on {url}: {unreachable}"
        page.set_viewport_size({"width": 375, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= 376, f"{url} scrolls sideways at 375 px"
        page.set_viewport_size({"width": 1280, "height": 900})
        if not posted:
            page.goto(url.split("?")[0] + f"?lang={self.language}")

    def sign_in_by_keyboard(self, email: str, password: str) -> None:
        page = self.page
        page.goto(self.base + f"/login?lang={self.language}")
        # The email field takes the focus on arrival (autofocus); wait until it has it.
        page.wait_for_function("document.activeElement && document.activeElement.name === 'email'")
        page.keyboard.type(email)
        page.keyboard.press("Tab")
        page.keyboard.type(password)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "/login" not in page.url, "signing in with the keyboard alone failed"


def test_the_whole_journey(app, live_server, browser, shots, make_user, make_centre, mailbox, tmp_path,
                           monkeypatch, now):
    # Mail leaves through `outbox send`, as cron runs it in production, rather than from the
    # server's thread after each response: the test then reads the inbox at a known moment.
    monkeypatch.setitem(app.config, "MAIL_SEND_AFTER_REQUEST", False)
    write_course(tmp_path)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["courses", "import", str(tmp_path)]).exit_code == 0
    make_centre(name="Tianjin Sino-German University of Applied Sciences", country="CN")
    staff_user = make_user(role=Role.staff, full_name="Amélie Laurent")
    facilitator_user = make_user(role=Role.facilitator, full_name="Kwame Mensah", language="fr")
    with app.app_context():
        programme_id = db.session.scalar(select(Programme.id))

    # 1. Staff create the cohort and assign the facilitator (in English).
    staff = Journey(browser.new_context().new_page(), live_server, shots, "en")
    staff.sign_in_by_keyboard(staff_user.email, PASSWORD)
    staff.go("/staff/cohorts/new")
    page = staff.page
    page.select_option("#programme_id", str(programme_id))
    page.fill("#name", "2026 online edition")
    page.select_option("#language", "zh")
    page.select_option("#timezone", "Asia/Shanghai")
    page.fill("#starts_on", str(now.day(-320)))  # near its end: every module open
    page.fill("#ends_on", str(now.day(20)))
    page.check(f"#facilitators input[value='{facilitator_user.id}']")
    page.click("main form button[type=submit]")
    assert "/schedule" in page.url
    cohort_id = re.search(r"/cohorts/(\d+)/", page.url).group(1)
    staff.check("cohort-created")

    # 2. The facilitator enrols learners from a CSV file.
    facilitator = Journey(browser.new_context().new_page(), live_server, shots, "fr")
    facilitator.sign_in_by_keyboard(facilitator_user.email, PASSWORD)
    facilitator.go(f"/cohorts/{cohort_id}/learners")
    csv_file = tmp_path / "learners.csv"
    csv_file.write_text("email,full_name,centre,position,language,gender\n"
                        "zhang.min@example.org,张敏,Tianjin Sino-German University of Applied Sciences,副院长,"
                        "zh,female\n"
                        "li.na@example.org,李娜,Tianjin Sino-German University of Applied Sciences,,zh,\n",
                        encoding="utf-8-sig")
    facilitator.page.set_input_files("#file", str(csv_file))
    facilitator.page.click("main form[enctype] button[type=submit]")
    facilitator.check("csv-preview", posted=True)
    facilitator.page.click("main form input[name=confirm] ~ button")
    # The facilitator works in French: both rows enrolled, both people new and invited.
    assert "Participants inscrits\xa0: 2\xa0; dont nouveaux, invités par courriel\xa0: 2." in \
        facilitator.page.inner_text(".flashes")

    # 3. The learner opens the invitation from the email and sets a password.
    sent = app.test_cli_runner().invoke(args=["outbox", "send"])
    assert sent.exit_code == 0 and sent.output.startswith("2 sent, 0 failed"), sent.output
    invitation = mailbox.wait_to("zhang.min@example.org")
    link = find_link(invitation, "/invitation/").replace("http://lms.test", live_server)
    learner = Journey(browser.new_context().new_page(), live_server, shots, "zh")
    learner.page.goto(link)
    learner.page.fill("#password", LEARNER_PASSWORD)
    learner.page.fill("#confirm", LEARNER_PASSWORD)
    learner.page.click("main form button[type=submit]")
    assert learner.page.url.endswith("/learn")
    assert "张敏" in learner.page.inner_text("h1")
    learner.check("dashboard")

    # 4. A module in Chinese: its lessons, its quiz; the self-assessment; the action plan.
    base = f"/learn/cohorts/{cohort_id}"
    for lesson in ("first-intro", "first-practice"):
        learner.go(f"{base}/lessons/{lesson}")
        assert learner.page.get_attribute("article", "lang") == "zh"
        learner.page.click("form[action$='/done'] button")
    for quiz in ("first-quiz", "second-quiz"):
        learner.go(f"{base}/quizzes/{quiz}")
        page = learner.page
        page.check("input[name=q-unemployed][value=m73]")
        page.check("input[name=q-paris][value=true]")
        page.fill("input[name=q-target]", "4.3")
        page.check("input[name=q-areas][value=campus]")
        page.check("input[name=q-areas][value=culture]")
        page.click("form.quiz button[type=submit]")
        assert "100%" in page.inner_text(".result")
        learner.check(f"{quiz}-result")
    learner.go(f"{base}/self-assessment")
    learner.page.check("input[name=st-energy][value=no]")
    learner.page.click("main form button[type=submit]")
    assert learner.page.locator("svg[role=img]").count() == 1
    learner.check("self-assessment-results")
    learner.go(f"{base}/action-plans/action-plan")
    learner.page.fill("textarea[name=s-vision]", "到2030年建成绿色校园：每月公布能耗，成立绿色小组。" * 2)
    learner.page.click("button[value=submit]")
    learner.check("action-plan-submitted")

    # 5. The facilitator grades it with the rubric, in French.
    facilitator.go(f"/cohorts/{cohort_id}/grading")
    facilitator.page.click("table a")
    facilitator.check("review")
    facilitator.page.check("input[name=level-clarity][value=high]")
    facilitator.page.fill("textarea[name=comment]", "Très bon plan, clair et mesurable.")
    facilitator.page.check("input[name=decision][value=accepted]")
    facilitator.page.click("main form button.primary")
    assert "/grading" in facilitator.page.url

    # 6. Staff issue the certificate, in English.
    staff.go(f"/cohorts/{cohort_id}/certificates")
    staff.page.click("button[value=issue-all]")
    assert "1 certificate issued" in staff.page.inner_text(".flashes")
    staff.check("certificate-issued")

    # 7. An anonymous visitor verifies it.
    with app.app_context():
        code = db.session.scalar(select(Certificate.code))
    visitor = Journey(browser.new_context().new_page(), live_server, shots, "en")
    visitor.go(f"/verify/{code}")
    assert "This certificate is valid." in visitor.page.inner_text("main")
    assert "张敏" in visitor.page.inner_text("main")

    COVERAGE["pages checked by axe-core"] += CHECKED["pages"]
    COVERAGE["serious or critical axe violations"] += len(CHECKED["serious"])
    assert CHECKED["serious"] == []


def test_the_learners_steps_work_with_javascript_disabled(app, live_server, browser, shots, classroom, make_user):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/login?lang=zh")
    page.fill("input[name=email]", classroom.learner.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    assert page.url.endswith("/learn")
    base = f"{live_server}/learn/cohorts/{classroom.cohort_id}"
    page.goto(f"{base}/lessons/first-intro")
    page.click("form[action$='/done'] button")
    assert page.url.endswith("/lessons/first-practice")
    page.goto(f"{base}/quizzes/first-quiz")
    page.check("input[name=q-unemployed][value=m73]")
    page.check("input[name=q-paris][value=true]")
    page.fill("input[name=q-target]", "4.3")
    page.check("input[name=q-areas][value=campus]")
    page.click("form.quiz button[type=submit]")
    assert "/attempts/1" in page.url
    page.goto(f"{base}/reflections/first-reflection")
    page.fill("textarea[name=text]", "草稿")
    page.click("button[value=save]")
    assert page.locator("textarea[name=text]").input_value() == "草稿"
    page.goto(f"{base}/self-assessment")
    page.check("input[name=st-energy][value=yes]")
    page.click("main form button[type=submit]")
    assert page.locator("svg[role=img]").count() == 1
    page.goto(f"{base}/action-plans/action-plan")
    page.fill("textarea[name=s-vision]", "绿色校园")
    page.click("button[value=save]")
    page.screenshot(path=str(shots / "no-javascript-action-plan.png"), full_page=True)
    assert page.locator("textarea[name=s-vision]").input_value() == "绿色校园"
    context.close()
