"""The alumni directory: graduates choose to appear, are found by region, language, theme and
name, and vanish the moment they withdraw; nobody else appears, and nobody anonymous looks."""
from __future__ import annotations

import re

from sqlalchemy import select

from lms.alumni.models import AlumniProfile
from lms.certificates.models import Certificate
from lms.certificates.services import revoke
from lms.extensions import db
from lms.users.models import User
from tests.conftest import visible_text


def join(client, **values):
    data = {"listed": "y", "languages": ["fr", "en"], "themes": ["greening"], "achievements": ""}
    data.update(values)
    return client.submit("/alumni/profile", data)


def names_in(client, query: str = "") -> str:
    return visible_text(client.get(f"/alumni{query}").get_data(as_text=True))


def test_a_graduate_appears_only_once_they_choose_to(alumni, signed_in):
    mariama, participant = signed_in(alumni.mariama), signed_in(alumni.participant)
    assert "Mariama Bâ" not in names_in(participant)  # off by default
    form = mariama.get("/alumni/profile").get_data(as_text=True)
    assert 'name="listed"' in form and "checked" not in re.search(r'<input[^>]*name="listed"[^>]*>', form).group(0)
    assert join(mariama, achievements="Solar panels on the workshop roof; two courses rewritten.").status_code == 302
    listing = names_in(participant)
    assert "Mariama Bâ" in listing and "Centre National de Formation Professionnelle de Dakar" in listing
    assert "Solar panels on the workshop roof" in listing and "Sénégal" in listing  # Awa reads in French


def test_the_directory_is_searched_by_region_language_theme_and_name(alumni, signed_in, signed_in_facilitator):
    join(signed_in(alumni.mariama), languages=["fr", "en"], themes=["greening", "industry"])
    join(signed_in(alumni.chen), languages=["zh", "en"], themes=["digital", "greening"])
    viewer = signed_in_facilitator
    everyone = names_in(viewer)
    assert "Mariama Bâ" in everyone and "陈静" in everyone
    africa = names_in(viewer, "?region=africa")
    assert "Mariama Bâ" in africa and "陈静" not in africa
    chinese = names_in(viewer, "?language=zh")
    assert "陈静" in chinese and "Mariama Bâ" not in chinese
    digital = names_in(viewer, "?theme=digital")
    assert "陈静" in digital and "Mariama Bâ" not in digital
    both = names_in(viewer, "?theme=greening&language=en")
    assert "陈静" in both and "Mariama Bâ" in both
    assert "陈静" in names_in(viewer, "?q=tianjin") and "Mariama Bâ" not in names_in(viewer, "?q=tianjin")
    assert "Mariama Bâ" in names_in(viewer, "?q=mariama")
    nobody = names_in(viewer, "?region=arab_states")
    assert "Nobody in the directory matches this search." in nobody
    # What the address holds that the directory does not know is ignored, not an error.
    assert viewer.get("/alumni?region=mars&language=xx&theme=x&q=%25_").status_code == 200


def test_the_directory_is_paginated(alumni, signed_in, signed_in_facilitator, app, monkeypatch):
    join(signed_in(alumni.mariama))
    join(signed_in(alumni.chen))
    monkeypatch.setitem(app.config, "POSTS_PER_PAGE", 1)
    first = signed_in_facilitator.get("/alumni").get_data(as_text=True)
    assert "Mariama Bâ" in first and "陈静" not in first and 'rel="next"' in first
    second = signed_in_facilitator.get("/alumni?page=2").get_data(as_text=True)
    assert "陈静" in second and "Mariama Bâ" not in second


def test_withdrawing_removes_a_graduate_from_the_directory_at_once(alumni, signed_in, signed_in_facilitator):
    mariama = signed_in(alumni.mariama)
    join(mariama)
    assert "Mariama Bâ" in names_in(signed_in_facilitator)
    assert mariama.submit("/alumni/profile/withdraw", {}, page="/alumni/profile").status_code == 302
    assert "Mariama Bâ" not in names_in(signed_in_facilitator)
    # Rejoining with the box unticked keeps her out, too.
    join(mariama)
    join(mariama, listed="")
    assert "Mariama Bâ" not in names_in(signed_in_facilitator)


def test_non_graduates_can_neither_appear_nor_volunteer(alumni, signed_in, signed_in_facilitator, app):
    daniel, participant = signed_in(alumni.daniel), signed_in(alumni.participant)
    # Daniel's cohort ended without a certificate for him: no directory, no profile, no mentoring.
    assert daniel.get("/alumni").status_code == 403
    assert daniel.get("/alumni/profile").status_code == 403
    assert daniel.get("/alumni/mentoring").status_code == 403
    # A current participant reads the directory and asks for a mentor, but cannot join or volunteer.
    assert participant.get("/alumni").status_code == 200
    assert participant.get("/alumni/profile").status_code == 403
    page = participant.get("/alumni/mentoring").get_data(as_text=True)
    assert 'name="capacity"' not in page
    participant.submit("/alumni/mentoring", {"mentoring": "y", "capacity": "2", "themes": ["gender"]})
    with app.app_context():
        assert db.session.get(AlumniProfile, alumni.participant.id) is None
    # A graduate whose certificate is revoked leaves the directory with it.
    join(signed_in(alumni.chen))
    with app.app_context():
        certificate = db.session.scalar(select(Certificate).where(Certificate.user_id == alumni.chen.id))
        revoke(db.session, certificate, db.session.get(User, alumni.facilitator.id), "Issued in error.")
        db.session.commit()
    assert "陈静" not in names_in(signed_in_facilitator)
    assert signed_in(alumni.chen).get("/alumni/profile").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(alumni, client):
    for url in ("/alumni", "/alumni?region=africa", "/alumni/profile", "/alumni/mentoring", "/alumni/mentoring/1",
                f"/cohorts/{alumni.cohort_id}/mentors"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login"), url


def test_a_profile_that_fails_keeps_what_was_typed_and_says_why(alumni, signed_in):
    mariama = signed_in(alumni.mariama)
    refused = mariama.submit("/alumni/profile", {"listed": "y", "languages": ["fr"], "themes": ["gender"],
                                                 "achievements": "Trop long. " * 300})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400 and 'class="error-summary"' in html
    assert "checked" in re.search(r'<input[^>]*value="gender"[^>]*>', html).group(0)
    assert "Trop long." in html


def test_an_anonymised_graduate_leaves_the_directory_and_their_words_go(alumni, signed_in, signed_in_facilitator,
                                                                        app):
    from lms.users.personal_data import anonymise
    join(signed_in(alumni.mariama), achievements="Solar panels on the workshop roof.")
    with app.app_context():
        anonymise(db.session, db.session.get(User, alumni.mariama.id), db.session.get(User, alumni.facilitator.id))
        db.session.commit()
        assert db.session.get(AlumniProfile, alumni.mariama.id) is None
    assert "Solar panels" not in names_in(signed_in_facilitator)
