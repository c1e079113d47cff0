"""A whole module downloaded as one self-contained HTML file in the learner's language."""
from __future__ import annotations

import io
import re

from pypdf import PdfReader

from lms.cohorts.models import Cohort
from lms.cohorts.services import enrol
from lms.extensions import db
from lms.users.models import User


def test_the_module_downloads_as_one_self_contained_file_in_chinese(client, classroom, make_user, app):
    reader = make_user(language="zh")
    with app.app_context():
        enrol(db.session, db.session.get(Cohort, classroom.cohort_id), db.session.get(User, reader.id))
        db.session.commit()
    client.login(reader)
    response = client.get(f"/learn/cohorts/{classroom.cohort_id}/modules/first/offline.html")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="first-zh.html"'
    html = response.get_data(as_text=True)
    assert html.startswith("<!doctype html>") and '<html lang="zh">' in html
    assert "Lesson first-intro（中文）" in html and "Lesson first-practice（中文）" in html
    assert "<style>" in html and "@media print" in html
    # The stylesheet as written, not HTML-escaped: an escaped quote ends every font list at its first name.
    assert '"Noto Sans CJK SC"' in html.split("</style>")[0] and "&#34;" not in html.split("</style>")[0]
    # Nothing that would make the browser fetch anything.
    assert not re.search(r"<(link|script|iframe)\b", html)
    assert not re.search(r'\ssrc="(?!data:)', html)
    assert "What will you change?（中文）" in html  # the reflection prompt, to think about offline


def test_links_between_lessons_of_the_module_become_links_inside_the_file(client, classroom):
    client.login(classroom.learner)
    html = client.get(f"/learn/cohorts/{classroom.cohort_id}/modules/first/offline.html").get_data(as_text=True)
    assert 'href="#lesson-first-practice"' in html and 'id="lesson-first-practice"' in html


def test_images_are_embedded(client, classroom, app, monkeypatch):
    folder = classroom.folder
    (folder / "01-first" / "images").mkdir()
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
    (folder / "01-first" / "images" / "campus.png").write_bytes(png)
    lesson = folder / "01-first" / "lessons" / "first-intro.en.md"
    lesson.write_text(lesson.read_text() + "\n![Solar panels on the roof](../images/campus.png)\n")
    from lms.courses.loader import check_courses
    from lms.courses.services import import_courses
    monkeypatch.setitem(app.config, "COURSES_PATH", str(folder.parent))
    with app.app_context():
        import_courses(db.session, check_courses(folder.parent))
        db.session.commit()
    client.login(classroom.learner)
    page = client.get(f"/learn/cohorts/{classroom.cohort_id}/lessons/first-intro").get_data(as_text=True)
    assert 'src="/course-assets/demo-programme/01-first/lessons/../images/campus.png"' in page
    assert client.get("/course-assets/demo-programme/01-first/images/campus.png").data == png
    html = client.get(f"/learn/cohorts/{classroom.cohort_id}/modules/first/offline.html").get_data(as_text=True)
    assert 'src="data:image/png;base64,' in html


def test_the_module_downloads_as_a_pdf_with_its_fonts_embedded(client, classroom, make_user, app):
    reader = make_user(language="zh")
    with app.app_context():
        enrol(db.session, db.session.get(Cohort, classroom.cohort_id), db.session.get(User, reader.id))
        db.session.commit()
    client.login(reader)
    response = client.get(f"/learn/cohorts/{classroom.cohort_id}/modules/first/module.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="first-zh.pdf"'
    pdf = PdfReader(io.BytesIO(response.data))
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "Lesson first-intro（中文）" in text and "联合国教科文组织职业技术教育与培训战略" in text
    assert "Module first（中文）" in text
    assert embedded_fonts(pdf) == (True, {True})


def embedded_fonts(pdf) -> tuple[bool, set[bool]]:
    """(whether the PDF uses any font, whether each font it uses is embedded)."""
    embedded = set()
    for page in pdf.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded.add(any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")))
    return bool(embedded), embedded
