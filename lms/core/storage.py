"""Files that people upload, kept outside the web root under generated names."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import current_app


class LocalStorage:
    """A folder on disk (shared by every app process when several run: mount it on each)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def save(self, data: bytes) -> str:
        """Store `data` under a new unguessable name and return the name."""
        self.root.mkdir(parents=True, exist_ok=True)
        name = secrets.token_hex(16)
        path = self.root / name
        with open(path, "xb") as fh:
            fh.write(data)
        os.chmod(path, 0o600)
        return name

    def path(self, name: str) -> Path:
        if not name.isalnum():
            raise ValueError("not a stored name")
        return self.root / name

    def delete(self, name: str) -> None:
        self.path(name).unlink(missing_ok=True)


def storage() -> LocalStorage:
    root = current_app.config.get("UPLOADS_PATH") or os.path.join(current_app.instance_path, "uploads")
    return LocalStorage(Path(root))
