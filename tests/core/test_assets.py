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
    assert gzip.decompress(packed.data) == plain.data
    assert len(packed.data) < len(plain.data) / 2
