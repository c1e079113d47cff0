"""The OpenID Connect authorization code flow with PKCE, state and nonce, on PyJWT and urllib.

Discovery documents and key sets are fetched over HTTP and kept a few minutes; a token signed
with a key the cached set does not hold makes one fresh fetch (the provider rotated its keys).
Everything the provider says is checked before it is believed: the discovery document's issuer,
the ID token's signature (against the provider's JWKS, with the algorithms we accept only), its
`iss`, `aud` (and `azp` when there are several audiences), `exp`, `iat` and `nonce`.
"""
from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import jwt

# Asymmetric algorithms only: a token "signed" with the client secret (HS256) or none is refused.
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"]
TIMEOUT_SECONDS = 10
KEEP_SECONDS = 300
MAX_BYTES = 1_000_000
LEEWAY_SECONDS = 60


class ProviderError(Exception):
    """The provider could not be reached, answered nonsense, or refused."""


class TokenInvalid(Exception):
    """A token whose signature or claims do not hold."""


def fetch_json(url: str, data: dict[str, str] | None = None, headers: dict[str, str] | None = None, *,
               json_body: Any = None, content_type: str = "application/json", expect_json: bool = True) -> Any:
    """GET (or POST `data` as a form, or `json_body` as JSON, to) `url` and read JSON (None when
    not `expect_json`); any failure is a ProviderError."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise ProviderError(f"not an http(s) address: {url[:200]}")
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    sent = {"Accept": "application/json", **(headers or {})}
    if json_body is not None:
        body = json.dumps(json_body).encode()
        sent["Content-Type"] = content_type
    request = urllib.request.Request(url, data=body, headers=sent)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # http(s) only, checked above
            raw = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        detail = error.read(2000).decode("utf-8", "replace")
        raise ProviderError(f"{url} answered {error.code}: {detail}") from error
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise ProviderError(f"{url} could not be reached: {error}") from error
    if len(raw) > MAX_BYTES:
        raise ProviderError(f"{url} answered more than {MAX_BYTES} bytes")
    if not expect_json:
        return None
    try:
        return json.loads(raw)
    except ValueError as error:
        raise ProviderError(f"{url} did not answer JSON") from error


_kept: dict[str, tuple[float, Any]] = {}
_lock = threading.Lock()


def _cached(url: str, fresh: bool = False) -> Any:
    now = time.monotonic()
    with _lock:
        kept = _kept.get(url)
    if kept is not None and not fresh and now - kept[0] < KEEP_SECONDS:
        return kept[1]
    value = fetch_json(url)
    with _lock:
        _kept[url] = (now, value)
    return value


def discover(issuer: str) -> dict[str, Any]:
    """The provider's metadata; its `issuer` must be the one configured, exactly."""
    document = _cached(issuer.rstrip("/") + "/.well-known/openid-configuration")
    if not isinstance(document, dict) or document.get("issuer") != issuer:
        raise ProviderError(f"the discovery document of {issuer} names another issuer")
    for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not isinstance(document.get(name), str):
            raise ProviderError(f"the discovery document of {issuer} has no {name}")
    return document


def _signing_key(token: str, jwks_url: str) -> jwt.PyJWK:
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as error:
        raise TokenInvalid(f"not a JWT: {error}") from error
    if header.get("alg") not in ALGORITHMS:
        raise TokenInvalid(f"algorithm {header.get('alg')!r} is not accepted")
    kid = header.get("kid")
    for fresh in (False, True):
        keys = _cached(jwks_url, fresh=fresh)
        candidates = [k for k in (keys.get("keys") if isinstance(keys, dict) else None) or []
                      if isinstance(k, dict) and (kid is None or k.get("kid") == kid) and k.get("use", "sig") == "sig"]
        if candidates:
            try:
                return jwt.PyJWK(candidates[0])
            except jwt.PyJWTError as error:
                raise TokenInvalid(f"the key {kid!r} cannot be used: {error}") from error
    raise TokenInvalid(f"no key {kid!r} in {jwks_url}")


def verify_jwt(token: str, *, jwks_url: str, issuer: str, audience: str, nonce: str | None = None) -> dict[str, Any]:
    """The claims of a JWT signed by `issuer`'s key for `audience`, or TokenInvalid."""
    key = _signing_key(token, jwks_url)
    try:
        claims = jwt.decode(token, key=key, algorithms=ALGORITHMS, audience=audience, issuer=issuer,
                            leeway=LEEWAY_SECONDS, options={"require": ["exp", "iat", "iss", "aud", "sub"]})
    except jwt.PyJWTError as error:
        raise TokenInvalid(str(error)) from error
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != audience:
        raise TokenInvalid("several audiences and we are not the authorized party")
    if nonce is not None and not (isinstance(claims.get("nonce"), str)
                                  and secrets.compare_digest(claims["nonce"], nonce)):
        raise TokenInvalid("the nonce is not the one this sign-in sent")
    if not isinstance(claims.get("sub"), str) or not claims["sub"] or len(claims["sub"]) > 255:
        raise TokenInvalid("no usable subject")
    return claims


@dataclasses.dataclass
class Started:
    """A sign-in on its way: where to send the browser, and what to keep until it comes back."""

    url: str
    state: str
    nonce: str
    verifier: str


def authorization_request(metadata: dict[str, Any], client_id: str, redirect_uri: str,
                          scope: str = "openid email profile") -> Started:
    state, nonce, verifier = (secrets.token_urlsafe(32) for _ in range(3))
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    query = urllib.parse.urlencode({
        "response_type": "code", "client_id": client_id, "redirect_uri": redirect_uri, "scope": scope,
        "state": state, "nonce": nonce, "code_challenge": challenge, "code_challenge_method": "S256",
    })
    endpoint = metadata["authorization_endpoint"]
    return Started(url=f"{endpoint}{'&' if '?' in endpoint else '?'}{query}", state=state, nonce=nonce,
                   verifier=verifier)


def exchange_code(metadata: dict[str, Any], *, client_id: str, client_secret: str, code: str,
                  redirect_uri: str, verifier: str) -> dict[str, Any]:
    """The token endpoint's answer for `code` (client_secret_basic, as RFC 6749 prefers)."""
    credentials = f"{urllib.parse.quote(client_id, safe='')}:{urllib.parse.quote(client_secret, safe='')}"
    answer = fetch_json(metadata["token_endpoint"], data={
        "grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri, "code_verifier": verifier,
    }, headers={"Authorization": "Basic " + base64.b64encode(credentials.encode()).decode()})
    if not isinstance(answer, dict) or not isinstance(answer.get("id_token"), str):
        raise ProviderError("the token endpoint gave no ID token")
    return answer


def user_info(metadata: dict[str, Any], access_token: str) -> dict[str, Any]:
    endpoint = metadata.get("userinfo_endpoint")
    if not isinstance(endpoint, str) or not access_token:
        return {}
    answer = fetch_json(endpoint, headers={"Authorization": f"Bearer {access_token}"})
    return answer if isinstance(answer, dict) else {}
