"""A whole module downloaded as one self-contained HTML file in the learner's language."""
from __future__ import annotations

import io
import re

import pytest

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


def test_the_module_pdf_is_tagged_in_reading_order_across_pages_as_poppler_reads_it(app):
    """Headings, paragraphs, a list and a table in the structure tree, in order; a paragraph that
    runs on to the next pages is one element and reads whole; a lesson shown in English in a French
    file says so (poppler's pdfinfo and pdfplumber read it)."""
    import shutil
    import subprocess
    import tempfile

    import pdfplumber
    import pytest

    from lms.learning.pdf import module_pdf

    if not shutil.which("pdfinfo"):
        pytest.skip("pdfinfo (Debian: poppler-utils) reads the structure tree")
    long = " ".join(f"Phrase {n} sur l’énergie de l’atelier." for n in range(400))
    items = "".join(f"- point {n} du plan : {long[:400]}\n" for n in range(40))
    chapters = [{"title": "Verdir l’établissement", "fallback": False, "language": "fr",
                 "body": f"## Pourquoi\n\n{long}\n\n{items}\n"
                         "| Action | Échéance |\n|---|---|\n| Audit | mars |\n\n> Une citation.\n"},
                {"title": "Greening the campus", "fallback": True, "language": "en",
                 "body": "Only in English so far."}]
    with app.app_context():
        data = module_pdf("Programme", "Cohorte 2026", "Module vert", "Résumé.", chapters, "fr",
                          {"offline": "Hors ligne.", "fallback": "Leçon en anglais."})
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(data)
        file.flush()
        info = subprocess.run(["pdfinfo", file.name], capture_output=True, text=True, check=True).stdout
        tree = subprocess.run(["pdfinfo", "-struct-text", file.name], capture_output=True, text=True,
                              check=True).stdout
    assert re.search(r"Tagged:\s+yes", info) and int(re.search(r"Pages:\s+(\d+)", info).group(1)) >= 4
    roles = [line.split()[0] for line in tree.splitlines() if line.startswith("  ") and not line.startswith("   ")]
    assert roles == ["P", "H1", "P", "P", "H2", "H3", "P", "L", "Table", "BlockQuote", "P", "H2", "P"], roles
    # The paragraph that runs over several pages reads whole, from its first phrase to its last.
    paragraph = tree[tree.index("Phrase 0 "):]
    assert "Phrase 399 sur" in paragraph[:paragraph.index("  L (block)")]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        [document] = pdf.structure_tree
        elements = document["children"]
        assert document.get("lang") == "fr"
        long_paragraph = elements[6]
        assert long_paragraph["type"] == "P" and len(long_paragraph["mcids"]) >= 2  # one element, several pages
        assert [e.get("lang") for e in elements[-2:]] == ["en", "en"]


@pytest.mark.parametrize("language", ["en", "zh", "fr"])
def test_every_module_of_the_programme_builds_as_a_tagged_pdf(app, language):
    """The programme's own lessons (headings, long lists, tables, quotes) in each language: every
    module builds, and poppler finds each lesson's title in its structure tree."""
    import subprocess
    import tempfile

    import yaml

    from lms.config import PROJECT_ROOT
    from lms.learning.pdf import module_pdf

    modules = sorted((PROJECT_ROOT / "courses" / "tvet-leadership").glob("0*"))
    assert len(modules) >= 8
    for module in modules:
        chapters = []
        for path in sorted((module / "lessons").glob(f"*.{language}.md")):
            _, front, body = path.read_text().split("---\n", 2)
            chapters.append({"title": yaml.safe_load(front)["title"], "body": body, "fallback": False,
                             "language": language})
        with app.app_context():
            data = module_pdf("Programme", "2026", module.name, "", chapters, language,
                              {"offline": "", "fallback": ""})
        with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
            file.write(data)
            file.flush()
            tree = subprocess.run(["pdfinfo", "-struct-text", file.name], capture_output=True, text=True,
                                  check=True).stdout
        # (poppler joins a heading's wrapped lines without their space)
        found = re.sub(r"\s", "", tree)
        assert chapters and all(re.sub(r"\s", "", c["title"]) in found for c in chapters), module.name
