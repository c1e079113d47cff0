"""Light pages: fingerprinted, long-cached static files and compressed responses."""
from __future__ import annotations

import gzip
import re


def test_the_stylesheet_has_a_fingerprinted_name_and_is_cached_for_a_year(client):
    html = client.get("/login").get_data(as_text=True)
    [href] = re.findall(r'<link rel="stylesheet" href="([^"]+)">', html)
    assert re.fullmatch(r"/assets/style\.[0-9a-f]{12}\.css", href)
    response = client.get(href)
    assert response.status_code == 200 and b"font-family" in response.data
    assert response.cache_control.max_age == 365 * 24 * 3600 and response.cache_control.immutable
    assert client.get("/assets/style.000000000000.css").status_code == 404


def test_pages_are_compressed_for_clients_that_accept_it(client):
    plain = client.get("/login")
    assert "Content-Encoding" not in plain.headers
    packed = client.get("/login", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert packed.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed.headers["Vary"]
    # The same page, but for its form token, which is signed with the second it is made in.
    def same(page: bytes) -> bytes:
        return re.sub(rb'value="[A-Za-z0-9._-]{40,}"', b'value="token"', page)
    assert same(plain.data) != plain.data  # the token was found
    assert same(gzip.decompress(packed.data)) == same(plain.data)
    assert len(packed.data) < len(plain.data) / 2


def test_the_stylesheet_is_sent_compressed_and_never_varies_by_cookie(client, make_user):
    html = client.get("/login").get_data(as_text=True)
    [href] = re.findall(r'<link rel="stylesheet" href="([^"]+)">', html)
    client.login(make_user())  # even for someone signed in
    packed = client.get(href, headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip" and b"font-family" in gzip.decompress(packed.data)
    assert "Cookie" not in packed.headers.get("Vary", "") and "Set-Cookie" not in packed.headers
    assert packed.cache_control.public and packed.cache_control.immutable


def test_a_browser_asking_for_the_favicon_gets_one(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml" and b"<svg" in response.data


def test_hidden_fields_stay_hidden_and_the_focus_ring_stands_out(client):
    html = client.get("/login").get_data(as_text=True)
    [href] = re.findall(r'<link rel="stylesheet" href="([^"]+)">', html)
    css = client.get(href).get_data(as_text=True)
    # The rule for inputs sets `display`; without this one a `hidden` email field showed.
    assert re.search(r"\[hidden\]\s*\{\s*display:\s*none\s*!important", css)
    outline = re.search(r":focus-visible\s*\{\s*outline:\s*3px solid ([^;]+);", css).group(1)
    assert outline.strip() == "var(--ink)" and "--ink: #1a1a1a" in css  # 16:1 against white
