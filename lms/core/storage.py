"""Files that people upload, kept outside the web root under generated names, in step with the
database: a file saved during a transaction takes its place when the transaction commits and is
gone if it rolls back; a file deleted during one goes only when it commits. No refused upload or
failed request leaves a file behind, and no row points at a file already deleted."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

# session.info keys: files saved (as written, not yet in place) and deleted in this transaction.
_SAVED = "lms.storage.saved"
_DELETED = "lms.storage.deleted"
PARTIAL = ".partial"


class LocalStorage:
    """A folder on disk (shared by every app process when several run: mount it on each)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def save(self, data: bytes, session: Session | None = None) -> str:
        """Store `data` under a new unguessable name and return the name. With a `session`, the
        file is written beside its final name and moved there when the session commits."""
        self.root.mkdir(parents=True, exist_ok=True)
        os.chmod(self.root, 0o700)
        name = secrets.token_hex(16)
        path = self.root / name
        target = path.with_name(name + PARTIAL) if session is not None else path
        with open(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as fh:
            fh.write(data)
        if session is not None:
            session.connection()  # a transaction begun, whose commit or rollback settles the file
            session.info.setdefault(_SAVED, []).append(path)
        return name

    def path(self, name: str) -> Path:
        if not name.isalnum():
            raise ValueError("not a stored name")
        return self.root / name

    def delete(self, name: str, session: Session | None = None) -> None:
        """Delete a stored file; with a `session`, once it commits."""
        if session is not None:
            session.connection()
            session.info.setdefault(_DELETED, []).append(self.path(name))
            return
        self.path(name).unlink(missing_ok=True)


def storage() -> LocalStorage:
    root = current_app.config.get("UPLOADS_PATH") or os.path.join(current_app.instance_path, "uploads")
    return LocalStorage(Path(root))


@event.listens_for(Session, "after_commit")
def _settle(session: Session) -> None:
    for path in session.info.pop(_SAVED, []):
        os.replace(path.with_name(path.name + PARTIAL), path)
    for path in session.info.pop(_DELETED, []):
        path.unlink(missing_ok=True)


@event.listens_for(Session, "after_rollback")
def _undo(session: Session) -> None:
    for path in session.info.pop(_SAVED, []):
        path.with_name(path.name + PARTIAL).unlink(missing_ok=True)
    session.info.pop(_DELETED, None)
