"""The app served by gunicorn as in production, on a free port of loopback, for benchmarks and tests."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(env: dict, workers: int) -> tuple[subprocess.Popen, str]:
    """Start gunicorn with `env` and wait until `/healthz` answers; the process and its address.

    Raises RuntimeError with what gunicorn printed if it stops or does not answer within 30 s.
    The caller stops it with `stop`.
    """
    port = free_port()
    server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "--workers", str(workers),
                               "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=1):
                return server, base
        except OSError:
            time.sleep(0.1)
    server.kill()
    output = server.communicate()[1]
    raise RuntimeError(f"the app did not start:\n{output}")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=30)
    if server.stderr:
        server.stderr.close()
