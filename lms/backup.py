"""Backups: an online copy of the SQLite file, or pg_dump's custom format for PostgreSQL."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL, make_url


class BackupError(RuntimeError):
    pass


def _libpq_url(url: str) -> str:
    """The URL as pg_dump and pg_restore read it (no SQLAlchemy driver name)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _sqlite_file(url: URL) -> str:
    if not url.database:
        raise BackupError("an in-memory SQLite database has no file to back up or restore")
    return url.database


def backup(database_url: str, target: Path) -> None:
    """Write a consistent copy of the database to `target`, while the app keeps running."""
    url = make_url(database_url)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(target.parent, 0o700)
    # A backup holds everyone's personal data: readable by the app's own account only.
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT, 0o600))
    os.chmod(target, 0o600)
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(_sqlite_file(url))
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)  # SQLite's online backup: pages copied under a read lock
        finally:
            copy.close()
            source.close()
    elif url.get_backend_name() == "postgresql":
        if not shutil.which("pg_dump"):
            raise BackupError("pg_dump is not installed (Debian: postgresql-client)")
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target),
                        _libpq_url(database_url)], check=True)
    else:
        raise BackupError(f"no backup for {url.get_backend_name()}")


def restore(database_url: str, source: Path) -> None:
    """Replace the database's content by a backup made with `backup` (stop the app first)."""
    url = make_url(database_url)
    if not source.exists():
        raise BackupError(f"{source} does not exist")
    if url.get_backend_name() == "sqlite":
        backup_file = sqlite3.connect(source)
        live = sqlite3.connect(_sqlite_file(url))
        try:
            backup_file.backup(live)
        finally:
            live.close()
            backup_file.close()
    elif url.get_backend_name() == "postgresql":
        if not shutil.which("pg_restore"):
            raise BackupError("pg_restore is not installed (Debian: postgresql-client)")
        subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                        "--dbname", _libpq_url(database_url), str(source)], check=True)
    else:
        raise BackupError(f"no restore for {url.get_backend_name()}")


def uploads_file(target: Path) -> Path:
    """Where the uploaded files of a backup go: beside it, as a tar archive."""
    return target.with_name(target.name + ".uploads.tar.gz")


def backup_uploads(folder: Path, target: Path) -> int:
    """Every uploaded file (attachments of written work) into the archive beside the backup;
    how many. The database names them; without them a restored database points at nothing."""
    import tarfile

    archive = uploads_file(target)
    os.close(os.open(archive, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    count = 0
    with tarfile.open(archive, "w:gz") as tar:
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if path.is_file() and path.name.isalnum():  # stored names only, never a .partial
                    tar.add(path, arcname=path.name)
                    count += 1
    return count


def restore_uploads(folder: Path, source: Path) -> int | None:
    """The uploaded files of a backup put back (None when the backup has no archive of them)."""
    import tarfile

    archive = uploads_file(source)
    if not archive.exists():
        return None
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    count = 0
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar.getmembers():
            if not member.isfile() or not member.name.isalnum():  # nothing but stored names, no paths
                continue
            extracted = tar.extractfile(member)
            if extracted is None:
                continue
            target = folder / member.name
            with open(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as fh:
                fh.write(extracted.read())
            count += 1
    return count
