"""Signing in through a real OpenID Connect provider on loopback (panva's oidc-provider)."""
from __future__ import annotations

import urllib.parse

import pytest
from sqlalchemy import func, select

from lms.audit.models import AuditEvent
from lms.core.permissions import Role
from lms.extensions import db
from lms.sso.models import ExternalIdentity, IdentityProvider
from lms.users.models import User
from tests.conftest import free_port, visible_text
from tests.sso.provider_driver import Browser, Provider

BACK = "http://lms.test/sso/"


@pytest.fixture()
def idp(app):
    """An identity provider configured on the platform, and the real provider it names."""
    started: list[Provider] = []

    def make(**settings) -> tuple[IdentityProvider, Provider]:
        port = free_port()
        with app.app_context():
            row = IdentityProvider(display_name="UNESCO ID", issuer=f"http://127.0.0.1:{port}", client_id="lms",
                                   client_secret="lms-client-secret", **settings)
            db.session.add(row)
            db.session.commit()
        provider = Provider(port, f"http://lms.test/sso/{row.id}/callback")
        started.append(provider)
        return row, provider

    yield make
    for provider in started:
        provider.stop()


def sign_in_through(client, row: IdentityProvider, login: str, **kwargs):
    """Press "Sign in with UNESCO ID" on the sign-in page, sign in at the provider, come back."""
    page = client.get("/login").get_data(as_text=True)
    assert "Sign in with UNESCO ID" in visible_text(page)
    start = client.get(f"/sso/{row.id}/start")
    assert start.status_code == 302
    back = Browser().sign_in(start.headers["Location"], login, BACK, **kwargs)
    parts = urllib.parse.urlsplit(back)
    return client.get(f"{parts.path}?{parts.query}")


def signed_in_as(client) -> str | None:
    answer = client.get("/profile")
    return visible_text(answer.get_data(as_text=True)) if answer.status_code == 200 else None


def test_sign_in_through_the_provider_signs_the_matching_account_in(app, client, make_client, idp, make_user):
    ada = make_user(role=Role.facilitator, email="ada@example.org", full_name="Ada Lovelace")
    row, provider = idp()
    answer = sign_in_through(client, row, "ada")
    assert answer.status_code == 302 and answer.headers["Location"] == "/"
    assert "ada@example.org" in signed_in_as(client)
    with app.app_context():
        [identity] = db.session.scalars(select(ExternalIdentity)).all()
        assert (identity.user_id, identity.issuer, identity.subject) == (ada.id, provider.issuer, "ada")
        assert db.session.get(User, ada.id).role is Role.facilitator  # the role is the platform's, unchanged
        actions = set(db.session.scalars(select(AuditEvent.action)))
        assert {"sign_in", "external_identity_linked"} <= actions
        # The account's address changes here: the next sign-in still finds it by (issuer, subject).
        db.session.get(User, ada.id).email = "ada.lovelace@example.org"
        db.session.commit()
    again = make_client()
    assert sign_in_through(again, row, "ada").status_code == 302
    assert "ada.lovelace@example.org" in signed_in_as(again)


def test_an_unverified_email_is_refused(app, client, idp, make_user):
    make_user(email="grace@example.org")
    row, _provider = idp()
    answer = sign_in_through(client, row, "grace")
    assert answer.status_code == 403
    assert "has not verified your email address" in visible_text(answer.get_data(as_text=True))
    assert signed_in_as(client) is None
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ExternalIdentity)) == 0
        failed = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "sign_in_failed"))
        assert failed.details["reason"] == "unverified"


def test_an_unknown_email_creates_no_account_unless_allowed_and_never_a_staff_one(app, client, make_client, idp,
                                                                                  make_user):
    make_user(role=Role.staff, email="boss-of-something@example.org")
    row, _provider = idp()
    answer = sign_in_through(client, row, "newcomer")
    assert answer.status_code == 403
    assert "There is no account with your email address" in visible_text(answer.get_data(as_text=True))
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "newcomer@example.org")) is None
        db.session.get(IdentityProvider, row.id).creates_learners = True
        db.session.commit()
    other = make_client()
    answer = sign_in_through(other, row, "boss")
    assert answer.status_code == 302
    with app.app_context():
        created = db.session.scalar(select(User).where(User.email == "boss@example.org"))
        assert (created.role, created.full_name, created.password_hash) == (Role.learner, "Bea Boss", None)
        assert db.session.scalar(select(func.count()).select_from(User).where(User.role == Role.staff)) == 1
    assert "Bea Boss" in signed_in_as(other)


def test_addresses_outside_the_allowed_domains_are_refused(app, client, idp, make_user):
    make_user(email="someone@elsewhere.example")
    row, _provider = idp(allowed_domains="example.org")
    answer = sign_in_through(client, row, "outsider")
    assert answer.status_code == 403
    assert "only addresses of its own organisation" in visible_text(answer.get_data(as_text=True))


def test_cancelling_at_the_provider_and_a_foreign_state_are_told_on_the_sign_in_page(app, client, idp):
    row, _provider = idp()
    answer = sign_in_through(client, row, "ada", cancel=True)
    assert answer.status_code == 401
    assert "did not sign you in" in visible_text(answer.get_data(as_text=True))
    client.get(f"/sso/{row.id}/start")
    forged = client.get(f"/sso/{row.id}/callback?code=stolen&state=not-ours&lang=fr")
    assert forged.status_code == 400
    text = visible_text(forged.get_data(as_text=True))
    assert "Cette connexion n'a pas pu aboutir" in text
    assert signed_in_as(client) is None


def test_a_provider_that_cannot_be_reached_is_said_so(app, client, make_user):
    with app.app_context():
        row = IdentityProvider(display_name="Gone", issuer=f"http://127.0.0.1:{free_port()}", client_id="x",
                               client_secret="y")
        db.session.add(row)
        db.session.commit()
    answer = client.get(f"/sso/{row.id}/start")
    assert answer.status_code == 502
    assert "could not be reached" in visible_text(answer.get_data(as_text=True))


def test_staff_configure_a_provider_and_its_secret_is_never_shown_again(app, client, make_user):
    client.login(make_user(role=Role.staff))
    form = {"display_name": "UNESCO ID", "issuer": "https://id.unesco.example", "client_id": "lms",
            "client_secret": "", "allowed_domains": "unesco.org, unevoc.org", "active": "y"}
    refused = client.submit("/staff/identity-providers/new", form)
    assert refused.status_code == 400 and "Enter the client secret" in refused.get_data(as_text=True)
    saved = client.submit("/staff/identity-providers/new", {**form, "client_secret": "very-secret"})
    assert saved.status_code == 302
    listing = visible_text(client.get("/staff/identity-providers").get_data(as_text=True))
    assert "unesco.org unevoc.org" in listing and "http://lms.test/sso/1/callback" in listing
    edit = client.get("/staff/identity-providers/1").get_data(as_text=True)
    assert "very-secret" not in edit
    assert client.submit("/staff/identity-providers/1", {**form, "display_name": "UNESCO"}).status_code == 302
    with app.app_context():
        provider = db.session.get(IdentityProvider, 1)
        assert (provider.display_name, provider.client_secret) == ("UNESCO", "very-secret")


def test_an_id_token_not_signed_by_the_providers_key_is_refused(app, idp):
    """The check the callback makes, on tokens the provider did not sign: another key under the
    provider's key id, HS256 with the client secret, and a token for another client."""
    import jwt
    from cryptography.hazmat.primitives.asymmetric import rsa

    from lms.sso import oidc

    _row, provider = idp()
    metadata = oidc.discover(provider.issuer)
    kid = oidc.fetch_json(metadata["jwks_uri"])["keys"][0]["kid"]
    claims = {"iss": provider.issuer, "aud": "lms", "sub": "ada", "nonce": "n", "iat": 2_000_000_000 - 10,
              "exp": 4_000_000_000}
    forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    for token in (jwt.encode(claims, forger, algorithm="RS256", headers={"kid": kid}),
                  jwt.encode(claims, "a-client-secret-long-enough-for-hs256", algorithm="HS256", headers={"kid": kid})):
        with pytest.raises(oidc.TokenInvalid):
            oidc.verify_jwt(token, jwks_url=metadata["jwks_uri"], issuer=provider.issuer, audience="lms", nonce="n")
