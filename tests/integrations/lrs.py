"""The Ralph learning record store (PyPI `ralph-malph`), run on loopback for the xAPI tests.

Ralph's dependencies (FastAPI, pydantic, uvicorn...) are not the project's, so it lives in its own
virtual environment, tests/integrations/lrs/.venv (ignored by git), installed the first time from
the exact versions in lrs/requirements.txt, as tests/certificates/verifier is with `npm ci`. The
server (lrs/serve.py) stores statements in a file (its `fs` backend, made to append) in a
temporary folder and signs people in with HTTP Basic from an auth file made here.
"""
from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

FOLDER = Path(__file__).with_name("lrs")
VENV = FOLDER / ".venv"
PYTHON = VENV / "bin" / "python"
REQUIREMENTS = FOLDER / "requirements.txt"
USERNAME, PASSWORD = "lms", "lrs-test-password"


class Unavailable(RuntimeError):
    """Ralph cannot be installed or started on this machine."""


def install() -> None:
    """Make the virtual environment and install the pinned requirements, unless done already."""
    wanted = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    marker = VENV / "installed.sha256"
    if marker.exists() and marker.read_text().strip() == wanted:
        return
    if not PYTHON.exists():
        done = subprocess.run([sys.executable, "-m", "venv", str(VENV)], capture_output=True, text=True,
                              timeout=300)
        if done.returncode:
            raise Unavailable(f"python -m venv failed: {done.stderr[-2000:]}")
    done = subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                           "-r", str(REQUIREMENTS)], capture_output=True, text=True, timeout=900)
    if done.returncode:
        raise Unavailable(f"pip install of Ralph failed: {done.stderr[-2000:]}")
    marker.write_text(wanted)


@dataclasses.dataclass
class Store:
    """A running Ralph: its xAPI base address and the login our platform is configured with."""

    url: str
    process: subprocess.Popen

    @property
    def authorization(self) -> str:
        return "Basic " + base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()

    def get(self, path: str) -> dict:
        request = urllib.request.Request(self.url.removesuffix("/xAPI") + path, headers={
            "Authorization": self.authorization, "X-Experience-API-Version": "1.0.3"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)

    def statements(self, **query: str) -> list[dict]:
        from urllib.parse import urlencode
        return self.get("/xAPI/statements/?" + urlencode({"limit": "500", **query}))["statements"]

    def validate(self, statements: list[dict]) -> list[dict]:
        """Ralph's own xAPI model's complaints about each statement (none: an empty list)."""
        done = subprocess.run([str(PYTHON), str(FOLDER / "validate.py")], input=json.dumps(statements),
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)


def start(folder: Path, port: int) -> Store:
    hashed = subprocess.run([str(PYTHON), "-c", "import bcrypt, sys; print(bcrypt.hashpw(sys.argv[1].encode(), "
                             "bcrypt.gensalt(4)).decode())", PASSWORD], capture_output=True, text=True, check=True)
    (folder / "statements").mkdir(parents=True, exist_ok=True)
    (folder / "auth.json").write_text(json.dumps([{
        "agent": {"mbox": "mailto:lms@example.org"}, "scopes": ["all"],
        "hash": hashed.stdout.strip(), "username": USERNAME}]))
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("RALPH_")},
           "RALPH_APP_DIR": str(folder), "RALPH_RUNSERVER_BACKEND": "fs",
           "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(folder / "statements"),
           "RALPH_AUTH_FILE": str(folder / "auth.json")}
    with open(folder / "ralph.log", "w") as log:  # the server keeps its own copy of the file
        process = subprocess.Popen([str(PYTHON), str(FOLDER / "serve.py"), str(port)], env=env, stdout=log,
                                   stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise Unavailable(f"Ralph stopped: {(folder / 'ralph.log').read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/__heartbeat__", timeout=2):
                return Store(f"http://127.0.0.1:{port}/xAPI", process)
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise Unavailable(f"Ralph did not answer: {(folder / 'ralph.log').read_text()[-2000:]}")
