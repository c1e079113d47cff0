"""The certificate PDF: names in every script shaped and embedded, long names fitted, a tagged PDF in
the holder's language, the signatory from configuration, revocation marked on the paper itself."""
from __future__ import annotations

import io

import pdfplumber
import pytest
from flask_babel import format_date
from PIL import Image, ImageDraw
from pypdf import PdfReader
from sqlalchemy import select

from lms.certificates.models import Certificate
from lms.certificates.pdf import HEIGHT, NAME_BOX, certificate_pdf
from lms.certificates.services import _create, reissue, revoke
from lms.cohorts.models import Cohort, Enrolment
from lms.core import clock
from lms.core.i18n import in_language
from lms.core.permissions import Role
from lms.extensions import db
from lms.users.models import User
from tests.certificates.pdf_reading import (chars_of, element_after, element_text, fonts_listed, glyphs_drawn, poppler,
                                            structure, text_of, to_png)

DEMO_NAMES = {"amharic": ("abebe.bekele@example.org", "አበበ በቀለ"),
              "arabic": ("fatima.alzahra@example.org", "فاطمة الزهراء"),
              "devanagari": ("priya.raman@example.org", "प्रिया रमन"),
              "bengali": ("rahim.uddin@example.org", "রহিম উদ্দিন")}
# 100 characters, and 103: the second overprinted the next line before names were fitted.
LONG_NAME = "Maria Fernanda de los Ángeles Guadalupe Rodríguez-Villanueva y Santa Cruz de la Torre Bautista Ortiz"
LONGER_NAME = LONG_NAME + " Gó"
assert len(LONG_NAME) == 100 and len(LONGER_NAME) == 103


@pytest.fixture()
def demo(app, monkeypatch):
    """What `make run` loads: the programme and the demo's people and cohorts."""
    monkeypatch.setenv("LMS_DEMO_PASSWORD", "demo password here")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["courses", "import"]).exit_code == 0
    assert runner.invoke(args=["demo"]).exit_code == 0


def certify(email: str | None = None, *, name: str | None = None, language: str = "en") -> Certificate:
    """Issue a certificate (inside an app context) to a demo learner, or to a new learner `name`."""
    if email:
        learner = db.session.scalar(select(User).where(User.email == email))
    else:
        learner = User(email=f"learner{len(name or '')}@example.org", full_name=name, role=Role.learner,
                       language=language)
        db.session.add(learner)
        db.session.flush()
    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.user_id == learner.id))
    cohort = enrolment.cohort if enrolment else db.session.scalars(select(Cohort).order_by(Cohort.id)).first()
    certificate = _create(db.session, cohort, learner, None, clock.utcnow().year)
    db.session.commit()
    return certificate


def name_element(data: bytes) -> dict:
    return element_after(data, "This is to certify that")


@pytest.mark.parametrize("key", [*DEMO_NAMES, "long"])
def test_every_letter_of_the_demo_names_is_drawn_from_an_embedded_font(app, demo, tmp_path, key):
    with app.test_request_context():
        email, name = DEMO_NAMES.get(key, (None, LONG_NAME))
        certificate = certify(email, name=name)
        assert certificate.holder_name == name
        data = certificate_pdf(certificate)
    to_png(data, f"demo-{key}")  # looked at by eye: test-output/certificates/
    assert fonts_listed(data, tmp_path) and all(emb == "yes" for _, emb in fonts_listed(data, tmp_path))
    drawn = glyphs_drawn(data, set(name_element(data)["mcids"]))
    assert drawn and all(g.embedded for g in drawn)
    assert all(g.outline for g in drawn if g.text.strip()), [g for g in drawn if not g.outline]  # no empty box
    # Each character of the name is one a drawn glyph stands for (conjuncts stand for several).
    assert set(name.replace(" ", "")) <= set("".join(g.text for g in drawn))
    # And a reader copies the name back as it is written (logical order, whole conjuncts).
    assert name in " ".join(text_of(data, tmp_path).split())


def test_names_are_shaped_by_script(app, demo):
    with app.test_request_context():
        drawn = {key: glyphs_drawn(data, set(name_element(data)["mcids"]))
                 for key, data in ((k, certificate_pdf(certify(email))) for k, (email, _) in DEMO_NAMES.items())}
    fonts = {key: {g.font for g in glyphs if g.text.strip()} for key, glyphs in drawn.items()}
    assert fonts == {"amharic": {"NotoSerifEthiopic-Regular"}, "arabic": {"NotoNaskhArabic-Regular"},
                     "devanagari": {"NotoSerifDevanagari-Regular"}, "bengali": {"NotoSerifBengali-Regular"}}
    # Conjuncts are one glyph: प्र in प्रिया, द्द in উদ্দিন.
    assert any(g.text == "प्रि" or g.text == "प्र" for g in drawn["devanagari"])
    assert any("দ্দ" in g.text for g in drawn["bengali"])
    # Arabic letters are joined: fewer glyph outlines of isolated letters; drawn right to left.
    arabic = [g.text for g in drawn["arabic"] if g.text.strip()]
    assert arabic[0] == "ء" and arabic[-1] == "ف"  # the last letter of the name at the far left


@pytest.mark.parametrize("name", [LONG_NAME, LONGER_NAME])
def test_a_long_name_shrinks_onto_two_lines_inside_its_frame(app, demo, name):
    with app.test_request_context():
        data = certificate_pdf(certify(name=name))
    element = name_element(data)
    lines = [chars_of(data, {"mcids": [mcid]}) for mcid in element["mcids"]]
    assert len(lines) == 2
    x0, y0, x1, y1 = NAME_BOX  # PDF space, from the bottom; pdfplumber measures from the top
    for line in lines:
        assert min(c["x0"] for c in line) >= x0 and max(c["x1"] for c in line) <= x1
        assert min(c["top"] for c in line) >= HEIGHT - y1 and max(c["bottom"] for c in line) <= HEIGHT - y0
        assert min(c["size"] for c in line) >= 20  # still a name to read from across the room
    assert max(c["bottom"] for c in lines[0]) <= min(c["top"] for c in lines[1])  # the lines do not meet
    following = chars_of(data, element_after(data, "".join(c["text"] for line in lines for c in line)))
    assert max(c["bottom"] for c in lines[1]) < min(c["top"] for c in following)
    assert " ".join("".join(c["text"] for c in line) for line in lines) == name


@pytest.mark.parametrize("language, title, heading", [
    ("en", "Certificate of completion", "Certificate of completion"),
    ("zh", "结业证书", "结业证书"),
    ("fr", "Certificat de fin de formation", "Certificat de fin de formation"),
])
def test_the_pdf_is_tagged_in_the_holders_language(app, demo, tmp_path, language, title, heading):
    with app.test_request_context():
        certificate = certify(name="Ольга Иванова", language=language)
        data = certificate_pdf(certificate)
    info = poppler("pdfinfo", data, folder=tmp_path)
    assert "Tagged:          yes" in info and f"Title:           {title} — Ольга Иванова" in info
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == language and bool(root["/MarkInfo"]["/Marked"])
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.xmp_metadata.dc_title["x-default"] == f"{title} — Ольга Иванова"
    document, *elements = structure(data)
    assert document["type"] == "Document" and document["lang"] == language
    kinds = [e["type"] for e in elements]
    assert kinds.count("H1") == 1 and kinds.count("P") >= 8 and "Link" in kinds
    assert element_text(data, next(e for e in elements if e["type"] == "H1")) == heading
    figures = [e.get("alt_text") for e in elements if e["type"] == "Figure"]
    assert len(figures) == 2 and all(figures)  # the seal and the QR code, described
    # Every letter on the page belongs to an element; the frame and ornaments are artifacts.
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        untagged = [c["text"] for c in pdf.pages[0].chars if c.get("mcid") is None]
    assert untagged == []


def test_a_revoked_certificate_is_stamped_with_the_date_the_reason_and_its_replacement(app, demo, tmp_path):
    with app.test_request_context():
        staff = db.session.scalar(select(User).where(User.email == "staff@example.org"))
        french = certify(name="Youssef Benali-Alaoui", language="fr")
        replacement = reissue(db.session, french, staff, "Nom corrigé à la demande du titulaire")
        db.session.commit()
        english = certify("jonas.mueller@example.org")
        revoke(db.session, english, staff, "Issued in error")
        db.session.commit()
        revoked_fr, revoked_en = certificate_pdf(french), certificate_pdf(english)
        valid = certificate_pdf(replacement)
        serial, code = replacement.serial, replacement.code
        day = clock.utcnow()
    to_png(revoked_fr, "revoked-fr")
    text = " ".join(text_of(revoked_fr, tmp_path).split())
    assert "RÉVOQUÉ" in text
    with app.test_request_context(), in_language("fr"):
        date = format_date(day, "long")
    assert f"Révoqué le {date}. Motif : Nom corrigé à la demande du titulaire" in text
    assert f"Remplacé par le certificat {serial} : http://lms.test/verify/{code}" in text
    english_text = " ".join(text_of(revoked_en, tmp_path).split())
    assert "REVOKED" in english_text and "Reason: Issued in error" in english_text
    assert "Replaced by" not in english_text  # none was issued
    valid_text = text_of(valid, tmp_path)
    assert "RÉVOQUÉ" not in valid_text and "Révoqué" not in valid_text


def _signature(path) -> None:
    image = Image.new("RGBA", (600, 180), (255, 255, 255, 0))
    ImageDraw.Draw(image).line([(20, 150), (180, 30), (300, 140), (420, 40), (580, 120)], fill=(20, 30, 90, 255),
                               width=9)
    image.save(path)


def _has_image(data: bytes) -> bool:
    resources = PdfReader(io.BytesIO(data)).pages[0]["/Resources"]
    return any(x.get_object()["/Subtype"] == "/Image" for x in resources.get("/XObject", {}).values())


def test_the_signatory_comes_from_configuration_in_the_holders_language(app, demo, tmp_path, monkeypatch):
    with app.test_request_context():
        default = certificate_pdf(certify(name="李伟明", language="zh"))
    text = "".join(text_of(default, tmp_path).split())
    assert "Programme Director" not in text
    assert "联合国教科文组织国际职业技术教育与培训中心（UNESCO-UNEVOC）主任" in text  # the title, translated
    assert not _has_image(default)

    _signature(tmp_path / "signature.png")
    monkeypatch.setitem(app.config, "CERTIFICATE_SIGNATORY_NAME", "Dr. Amina Yusuf")
    monkeypatch.setitem(app.config, "CERTIFICATE_SIGNATORY_TITLE", '{"fr": "Directrice de l\'UNESCO-UNEVOC"}')
    monkeypatch.setitem(app.config, "CERTIFICATE_SIGNATURE_IMAGE", str(tmp_path / "signature.png"))
    with app.test_request_context():
        french, english = certify(name="Mariama Sow", language="fr"), certify(name="Ana Lima", language="en")
        data_fr, data_en = certificate_pdf(french), certificate_pdf(english)
        monkeypatch.setitem(app.config, "CERTIFICATE_SIGNATORY_NAME", "Someone Else")
        earlier = certificate_pdf(french)  # signed by the earlier signatory: not with the new one's signature
    to_png(data_fr, "signed-fr")
    text_fr, text_en = (" ".join(text_of(data, tmp_path).split()) for data in (data_fr, data_en))
    assert "Dr. Amina Yusuf" in text_fr and "Directrice de l'UNESCO-UNEVOC" in text_fr
    assert "Dr. Amina Yusuf" in text_en and "Head of the UNESCO-UNEVOC International Centre for TVET" in text_en
    assert _has_image(data_fr) and _has_image(data_en) and not _has_image(earlier)
    alts = [e.get("alt_text") for e in structure(data_fr) if e.get("type") == "Figure"]
    assert "Signature de Dr. Amina Yusuf" in alts
