"""panva's oidc-provider (tests/sso/provider) run on loopback, and a browser's part of its sign-in
driven with plain HTTP: its development sign-in form (the login typed is the account), then its
consent form, following its redirects until it sends the browser back to the platform."""
from __future__ import annotations

import html
import http.cookiejar
import json
import re
import shutil
import subprocess
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

FOLDER = Path(__file__).with_name("provider")

ACCOUNTS = {
    "ada": {"email": "ada@example.org", "email_verified": True, "name": "Ada Lovelace"},
    "grace": {"email": "grace@example.org", "email_verified": False, "name": "Grace Hopper"},
    "newcomer": {"email": "newcomer@example.org", "email_verified": True, "name": "Nour Newcomer"},
    "boss": {"email": "boss@example.org", "email_verified": True, "name": "Bea Boss"},
    "outsider": {"email": "someone@elsewhere.example", "email_verified": True, "name": "Otto Outsider"},
}


def install() -> None:
    if not shutil.which("node") or not shutil.which("npm"):
        pytest.fail("node and npm are needed for the OpenID provider of the tests (Debian: nodejs, npm)")
    lock = FOLDER / "package-lock.json"
    installed = FOLDER / "node_modules" / ".package-lock.json"
    if installed.exists() and installed.stat().st_mtime >= lock.stat().st_mtime:
        return
    done = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=FOLDER,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]


class Provider:
    """A running oidc-provider with one confidential client."""

    def __init__(self, port: int, redirect_uri: str, client_id: str = "lms",
                 client_secret: str = "lms-client-secret") -> None:
        install()
        self.port = port
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.client_id, self.client_secret = client_id, client_secret
        setup = {"port": self.port, "accounts": ACCOUNTS, "clients": [{
            "client_id": client_id, "client_secret": client_secret, "redirect_uris": [redirect_uri],
            "grant_types": ["authorization_code"], "response_types": ["code"]}]}
        self.errors = tempfile.TemporaryFile("w+")  # noqa: SIM115 (closed by stop()); its warnings, read only if it fails to start
        self.process = subprocess.Popen(["node", "provider.mjs", json.dumps(setup)], cwd=FOLDER,
                                        stdout=subprocess.PIPE, stderr=self.errors, text=True)
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if line.strip() != "ready":
            self.stop()
            self.errors.seek(0)
            raise AssertionError(f"oidc-provider did not start: {self.errors.read()[-2000:]}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()
        self.errors.close()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """The cookies and redirects of a browser at the provider (the platform's side is the test client)."""

    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                  _NoRedirect())

    def _open(self, url: str, form: dict | None = None) -> tuple[int, str, str]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        try:
            with self.opener.open(url, data=data, timeout=10) as response:
                return response.status, "", response.read().decode()
        except urllib.error.HTTPError as answer:
            return answer.code, answer.headers.get("Location", ""), answer.read().decode()

    def follow(self, url: str, stop_at: str, form: dict | None = None) -> str:
        """Follow redirects from `url` until one leads to `stop_at` (returned) or a page (HTML)."""
        for _ in range(10):
            _status, location, body = self._open(url, form)
            form = None
            if not location:
                return body
            url = urllib.parse.urljoin(url, location)
            if url.startswith(stop_at):
                return url
        raise AssertionError("too many redirects")

    @staticmethod
    def form_action(page: str) -> str:
        found = re.search(r'<form[^>]*action="([^"]+)"', page)
        assert found, page[:2000]
        return html.unescape(found.group(1))

    def sign_in(self, authorize_url: str, login: str, back_to: str, *, cancel: bool = False) -> str:
        """Sign in as `login` at the provider and agree; the address it sends the browser back to."""
        origin = "{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(authorize_url))
        page = self.follow(authorize_url, back_to)
        if cancel:
            abort = re.search(r'href="([^"]*/abort)"', page)
            assert abort, page[:2000]
            return self.follow(urllib.parse.urljoin(origin, html.unescape(abort.group(1))), back_to)
        page = self.follow(urllib.parse.urljoin(origin, self.form_action(page)), back_to,
                           {"prompt": "login", "login": login, "password": "any"})
        if page.startswith(back_to):
            return page
        result = self.follow(urllib.parse.urljoin(origin, self.form_action(page)), back_to, {"prompt": "consent"})
        assert result.startswith(back_to), result[:2000]
        return result
