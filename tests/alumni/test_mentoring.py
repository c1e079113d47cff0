"""Mentoring: last year's graduates offer to mentor, a facilitator matches one to a participant of
this year's cohort (suggestions ranked by shared region, language and theme), and the two write
to each other; the match can be ended; both are told, in their language, and the log keeps it."""
from __future__ import annotations

import re

from sqlalchemy import select

from lms.audit.models import AuditEvent
from lms.core.permissions import Role
from lms.extensions import db
from tests.conftest import body_text, find_link, subject, visible_text


def email_saying(mailbox, address: str, needle: str, timeout: float = 20):
    """The email to `address` that says `needle` (others, from setting the cohorts up, may lag)."""
    def found():
        return [m for m in mailbox.messages if m["To"] == address and needle in body_text(m)]
    with mailbox.arrived:
        mailbox.arrived.wait_for(lambda: bool(found()), timeout)
        matching = found()
    assert matching, f"no email to {address} saying {needle!r}"
    return matching[0]


def volunteer(client, capacity: int = 2, languages=("fr", "en"), themes=("greening", "industry")):
    return client.submit("/alumni/mentoring", {"mentoring": "y", "capacity": str(capacity),
                                               "languages": list(languages), "themes": list(themes)})


def test_a_mentor_from_last_years_alumni_is_matched_to_a_current_participant_who_sees_and_messages_them(
        alumni, signed_in, app, mailbox, make_user):
    mariama, chen = signed_in(alumni.mariama), signed_in(alumni.chen)
    participant, facilitator = signed_in(alumni.participant), signed_in(alumni.facilitator)
    assert volunteer(mariama).status_code == 302
    assert volunteer(chen, languages=["zh", "en"], themes=["digital"]).status_code == 302
    assert participant.submit("/alumni/mentoring", {"themes": ["greening"]}).status_code == 302

    base = f"/cohorts/{alumni.cohort_id}/mentors"
    page = facilitator.get(base).get_data(as_text=True)
    text = visible_text(page)
    assert "How the suggestions are ranked" in text and "3 points for the participant's region" in text
    # Mariama shares Awa's region, French and the cohort's English, and greening: 3 + 2 + 2 + 1;
    # Chen only English.
    card = text[text.index("Participants without a mentor"):]
    assert card.index("Mariama Bâ — 8 points") < card.index("陈静 — 2 points")
    assert "same region · shares English and French · themes: Greening TVET" in card

    assert "Mariama Bâ" not in visible_text(participant.get("/learn").get_data(as_text=True))  # now kept
    mailbox.clear()
    response = facilitator.submit(base + "/match", {"mentee": alumni.participant.id, "mentor": alumni.mariama.id},
                                  page=base)
    assert response.status_code == 302
    assert "Mariama Bâ now mentors Awa Sarr" in visible_text(facilitator.get(base).get_data(as_text=True))
    # Both are told in their own language (both read French here).
    email_saying(mailbox, alumni.mariama.email, "Vous accompagnez désormais Awa Sarr")
    told = email_saying(mailbox, alumni.participant.email, "Votre mentor est Mariama Bâ")
    # A match is news from the facilitator, not a message the facilitator wrote.
    assert not subject(told).startswith("Message de") and "Votre mentor est Mariama Bâ" in subject(told)
    notices = visible_text(signed_in(alumni.participant).get("/notifications").get_data(as_text=True))
    assert "Votre mentor est Mariama Bâ" in notices and "mise en relation par" in notices
    assert "vous a écrit" not in notices

    # The participant sees her mentor on her dashboard (the kept one gives way) and writes to her.
    dashboard = participant.get("/learn").get_data(as_text=True)
    assert "Votre mentor : Mariama Bâ" in visible_text(dashboard)
    link = re.search(r'href="(/alumni/mentoring/\d+)"', dashboard).group(1)
    mailbox.clear()
    assert participant.submit(link, {"body": "Bonjour Mariama, comment avez-vous financé les panneaux ?"}) \
        .status_code == 302
    message = email_saying(mailbox, alumni.mariama.email, "panneaux")
    assert "Awa Sarr" in subject(message)
    # The mentor follows the link in her email, reads and answers.
    assert find_link(message, "/alumni/mentoring/").endswith(link)
    assert mariama.submit(link, {"body": "Avec un partenaire industriel : je vous explique."}).status_code == 302
    conversation = visible_text(participant.get(link).get_data(as_text=True))
    assert "comment avez-vous financé" in conversation and "Avec un partenaire industriel" in conversation
    assert "Awa Sarr" in visible_text(mariama.get("/alumni/mentoring").get_data(as_text=True))
    # The conversation is theirs alone: not another graduate's, not even the facilitator's.
    assert chen.get(link).status_code == 403
    assert facilitator.get(link).status_code == 403

    # The facilitator ends the match: both are told, the dashboard no longer shows the mentor,
    # and the conversation stays, read-only.
    with app.app_context():
        from lms.alumni.models import MentorMatch
        match_id = db.session.scalar(select(MentorMatch.id))
    mailbox.clear()
    assert facilitator.submit(f"{base}/{match_id}/end", {}, page=base).status_code == 302
    email_saying(mailbox, alumni.participant.email, "Votre accompagnement avec Mariama Bâ est terminé")
    assert "Votre mentor" not in visible_text(participant.get("/learn").get_data(as_text=True))
    ended = participant.get(link).get_data(as_text=True)
    assert "Avec un partenaire industriel" in ended and 'name="body"' not in ended
    with app.app_context():
        actions = list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    assert actions.count("mentor_matched") == 1 and actions.count("mentor_unmatched") == 1
    staff_log = visible_text(signed_in(make_user(role=Role.staff)).get("/staff/audit").get_data(as_text=True))
    assert "Mentor matched to a participant" in staff_log and "Mentoring match ended" in staff_log


def test_a_mentor_is_not_given_more_mentees_than_offered(alumni, signed_in, make_user, app):
    from lms.cohorts.models import Cohort
    from lms.cohorts.services import enrol
    from lms.users.models import User
    other = make_user(full_name="Youssef Benali", language="fr")
    with app.app_context():
        enrol(db.session, db.session.get(Cohort, alumni.cohort_id), db.session.get(User, other.id))
        db.session.commit()
    volunteer(signed_in(alumni.mariama), capacity=1)
    facilitator = signed_in(alumni.facilitator)
    base = f"/cohorts/{alumni.cohort_id}/mentors"
    facilitator.submit(base + "/match", {"mentee": alumni.participant.id, "mentor": alumni.mariama.id}, page=base)
    page = visible_text(facilitator.get(base).get_data(as_text=True))
    assert "No room" in page  # shown, but with no button to match her again
    facilitator.submit(base + "/match", {"mentee": other.id, "mentor": alumni.mariama.id}, page=base)
    assert "as many mentees as they offered" in visible_text(facilitator.get(base).get_data(as_text=True))
    # A participant already matched is not matched twice, and nobody mentors who does not offer to.
    facilitator.submit(base + "/match", {"mentee": alumni.participant.id, "mentor": alumni.chen.id}, page=base)
    with app.app_context():
        from lms.alumni.models import MentorMatch
        assert [(m.mentor_id, m.mentee_id) for m in db.session.scalars(select(MentorMatch))] == \
            [(alumni.mariama.id, alumni.participant.id)]


def test_only_the_cohorts_facilitators_and_staff_match_mentors(alumni, signed_in, make_user):
    volunteer(signed_in(alumni.mariama))
    outsider = signed_in(make_user(role=Role.facilitator, full_name="Fatou Ndiaye"))
    base = f"/cohorts/{alumni.cohort_id}/mentors"
    assert outsider.get(base).status_code == 403
    assert outsider.submit(base + "/match", {"mentee": alumni.participant.id, "mentor": alumni.mariama.id},
                           page="/alumni").status_code == 403
    assert signed_in(alumni.participant).get(base).status_code == 403
    # A graduate who stops offering is no longer suggested.
    mariama = signed_in(alumni.mariama)
    mariama.submit("/alumni/mentoring", {"capacity": "2", "languages": ["fr"], "themes": []})
    assert "Mariama Bâ —" not in visible_text(signed_in(alumni.facilitator).get(base).get_data(as_text=True))
