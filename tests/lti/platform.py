"""An LTI 1.3 Advantage platform on loopback, built on `lti1p3platform` (PyPI): that library makes
and signs the platform's messages (login initiation, resource-link and Deep Linking launches),
checks the tool's client assertion and issues access tokens, checks the tool's Deep Linking
response and serves the AGS score and NRPS membership endpoints. What is ours is only the HTTP
server around it and the platform's memory (its users, links, and the scores it received).

No ready-to-run LTI 1.3 platform installs from PyPI or npm (the 1EdTech reference implementation
and Moodle do not): this is the closest independent implementation that does.
"""
from __future__ import annotations

import html
import json
import re
import threading
import typing as t
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from lti1p3platform.ltiplatform import LTI1P3PlatformConfAbstract
from lti1p3platform.membership import Context
from lti1p3platform.message_launch import LTIAdvantageMessageLaunchAbstract
from lti1p3platform.oidc_login import OIDCLoginAbstract
from lti1p3platform.registration import Registration
from lti1p3platform.request import Request, TRequest
from lti1p3platform.score import UpdateScoreStatus
from lti1p3platform.service_connector import AssignmentsGradesService, NamesRoleProvisioningService

from tests.conftest import free_port

LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
TOOL = "http://lms.test"


def _key_pair() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return private, public


class _Request(Request):
    def build_metadata(self, request: dict) -> TRequest:
        return t.cast(TRequest, request)


class Platform:
    """The platform: a course (context) with people, resource links placed in it, a line item per
    link, and what the tool sent back."""

    def __init__(self, tool_jwks: dict, client_id: str = "tool-client-1", deployment_id: str = "deployment-1") -> None:
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.client_id, self.deployment_id = client_id, deployment_id
        self.private_key, self.public_key = _key_pair()
        self.tool_jwks = tool_jwks
        self.people: dict[str, dict] = {}        # sub: {name, email, roles}
        self.links: dict[str, dict] = {}         # resource link id: {custom, title}
        self.scores: list[dict] = []             # (line item id, score) the tool posted
        self.deep_linked: list[dict] = []        # content items of Deep Linking responses
        self.tokens_issued: list[str] = []       # scopes of the access tokens given
        self.context = Context(id="course-7", label="TVET-L", title="Leading TVET institutions")
        platform = self

        class Conf(LTI1P3PlatformConfAbstract):
            def init_platform_config(self, **kwargs: t.Any) -> None:
                self._registration = self.get_registration_by_params()

            def get_registration_by_params(self, **kwargs: t.Any) -> Registration:
                return (Registration().set_iss(platform.issuer).set_client_id(platform.client_id)
                        .set_deployment_id(platform.deployment_id)
                        .set_launch_url(f"{TOOL}/lti/launch").set_deeplink_launch_url(f"{TOOL}/lti/launch")
                        .set_oidc_login_url(f"{TOOL}/lti/login")
                        .set_platform_public_key(platform.public_key)
                        .set_platform_private_key(platform.private_key)
                        .set_tool_key_set(platform.tool_jwks))

        self.Conf = Conf
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    # The platform's side of a launch ----------------------------------------------------------

    def login_url(self, sub: str, hint: str) -> str:
        """Where the platform sends the browser to launch the tool: the tool's login initiation."""
        platform = self

        class Login(OIDCLoginAbstract):
            def set_lti_message_hint(self, **kwargs: t.Any) -> None:
                self._lti_message_hint = kwargs["hint"]

            def get_redirect(self, url: str) -> str:
                return url

        login = Login(None, platform.Conf())
        login.set_lti_message_hint(hint=hint)
        if hint == "deep-linking":
            login.set_deeplinking_launch_url()
        return login.initiate_login(sub)

    def _launch(self, params: dict) -> str:
        platform = self
        hint = params.get("lti_message_hint", "")

        class Launch(LTIAdvantageMessageLaunchAbstract):
            def prepare_launch(self, preflight_response: dict) -> None:
                person = platform.people[preflight_response["login_hint"]]
                self.set_user_data(preflight_response["login_hint"], person["roles"], person.get("name"),
                                   person.get("email"))
                self.set_launch_context_claim(platform.context.id, context_title=platform.context.title,
                                              context_label=platform.context.label)
                self.set_nrps(f"{platform.issuer}/memberships")
                if hint == "deep-linking":
                    self.set_dl(f"{platform.issuer}/deep-link-return", accept_types={"ltiResourceLink"},
                                extra_data={"data": "opaque-platform-data"})
                    return
                link = platform.links[hint]
                self.set_resource_link_claim(hint, title=link.get("title"))
                if link.get("custom"):
                    self.set_custom_parameters_claim(link["custom"])
                self.set_ags(f"{platform.issuer}/lineitems", f"{platform.issuer}/lineitems/{hint}",
                             allow_creating_lineitems=False, results_service_enabled=False)

            def render_launch_form(self, launch_data: dict, **kwargs: t.Any) -> str:
                return (f'<form method="post" action="{html.escape(launch_data["launch_url"])}">'
                        f'<input type="hidden" name="id_token" value="{launch_data["id_token"]}">'
                        f'<input type="hidden" name="state" value="{html.escape(launch_data["state"])}">'
                        '<button>Continue</button></form>')

        request = _Request({"method": "GET", "get_data": params, "form_data": {}, "headers": {}, "path": "/auth",
                            "content_type": None, "json": None})
        return Launch(request, self.Conf()).lti_launch()

    # Its services ---------------------------------------------------------------------------

    def _services(self, request: _Request, line_item: str | None):
        platform = self

        class Grades(AssignmentsGradesService):
            def find_lineitems(self, **kwargs: t.Any):
                return {"content": [], "has_next": False, "next": None}

            def find_lineitem(self, line_item_id: str):
                return {"id": line_item_id, "scoreMaximum": 100, "label": line_item_id}

            def create_lineitem(self, creation_data):
                return creation_data

            def update_lineitem(self, update_data):
                return update_data

            def delete_lineitem(self, line_item_id: str) -> None:
                return None

            def update_score(self, line_item_id: str, score: t.Any) -> UpdateScoreStatus:
                platform.scores.append({"line_item": line_item_id, **score})
                return UpdateScoreStatus.SUCCESS

            def get_results(self, line_item_id: str, **kwargs: t.Any):
                return {"content": [], "has_next": False, "next": None}

        class Roster(NamesRoleProvisioningService):
            def get_member_data_page(self, **kwargs: t.Any):
                members = [{"user_id": sub, "roles": p["roles"], "name": p.get("name"), "email": p.get("email"),
                            "status": "Active"} for sub, p in platform.people.items()]
                return {"content": members, "has_next": False, "next": None}

            def get_context_by_id(self) -> Context:
                return platform.context

        if line_item is not None:
            return Grades(request, self.Conf(), f"{self.issuer}/lineitems", f"{self.issuer}/lineitems/{line_item}",
                          allow_creating_lineitems=False, results_service_enabled=False)
        return Roster(request, self.Conf(), f"{self.issuer}/memberships")

    def _handler(self):
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: t.Any) -> None:
                pass

            def _answer(self, code: int, body: str | bytes, content_type: str = "application/json") -> None:
                data = body.encode() if isinstance(body, str) else body
                self.send_response(code)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _request(self, body: bytes) -> _Request:
                parts = urllib.parse.urlsplit(self.path)
                form = dict(urllib.parse.parse_qsl(body.decode())) \
                    if self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded") else {}
                payload = json.loads(body) if body and not form else None
                return _Request({"method": self.command, "get_data": dict(urllib.parse.parse_qsl(parts.query)),
                                 "form_data": form, "headers": dict(self.headers.items()), "path": parts.path,
                                 "content_type": self.headers.get("Content-Type"), "json": payload})

            def do_GET(self) -> None:
                request = self._request(b"")
                if request.path == "/auth":
                    self._answer(200, platform._launch(request.get_data), "text/html")
                elif request.path == "/jwks":
                    self._answer(200, json.dumps(platform.Conf().get_jwks()))
                elif request.path == "/memberships":
                    self._service(platform._services(request, None).handle_get_members())
                else:
                    self._answer(404, "{}")

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                request = self._request(body)
                if request.path == "/token":
                    try:
                        answer = platform.Conf().get_access_token(request.form_data)
                    except Exception as error:  # the library's refusals: invalid client
                        self._answer(400, json.dumps({"error": "invalid_client", "error_description": str(error)}))
                        return
                    platform.tokens_issued.append(answer["scope"])
                    self._answer(200, json.dumps(answer))
                elif request.path == "/deep-link-return":
                    items = platform.Conf().validate_deeplinking_resp(request.form_data)
                    platform.deep_linked.extend(items)
                    self._answer(200, "<p>Linked</p>", "text/html")
                elif match := re.fullmatch(r"/lineitems/([^/]+)/scores", request.path):
                    self._service(platform._services(request, match.group(1)).handle_update_score(match.group(1)))
                else:
                    self._answer(404, "{}")

            def _service(self, response: t.Any) -> None:
                body = json.dumps(response.result) if response.result is not None else ""
                self._answer(response.code, body, response.media_type)

        return Handler

    # For the test's browser -------------------------------------------------------------------

    def open(self, url: str, form: dict | None = None) -> str:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        with urllib.request.urlopen(url, data=data, timeout=10) as response:
            return response.read().decode()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def launch_form(page: str) -> tuple[str, dict[str, str]]:
    """The platform's auto-posting launch form: where it posts and what."""
    action = re.search(r'<form[^>]*action="([^"]+)"', page)
    assert action, page[:2000]
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    return html.unescape(action.group(1)), {k: html.unescape(v) for k, v in fields.items()}
