"""Uploads: a zip bomb costs nothing to refuse, and no refused or rolled-back upload leaves a file."""
from __future__ import annotations

import io
import os
import tracemalloc
import zipfile
from pathlib import Path

from lms.core.storage import storage
from lms.extensions import db
from tests.learning.test_work import PDF, docx_bytes, post_plan


def uploads_folder(app) -> Path:
    with app.app_context():
        return storage().root


def stored_files(app) -> list[str]:
    folder = uploads_folder(app)
    return sorted(os.listdir(folder)) if folder.exists() else []


def zip_bomb(expanded: int = 200 * 1024 * 1024) -> bytes:
    """An 'ODT' of a few hundred kilobytes whose mimetype part expands to `expanded` bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive, \
            archive.open("mimetype", "w", force_zip64=True) as part:
        chunk = b"\0" * (1024 * 1024)
        for _ in range(expanded // len(chunk)):
            part.write(chunk)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_without_the_process_growing(client, classroom, app):
    before = stored_files(app)
    bomb = zip_bomb()
    assert len(bomb) < 1024 * 1024
    client.login(classroom.learner)
    tracemalloc.start()
    try:
        response = post_plan(client, classroom, "My plan.", [("plan.odt", bomb)])
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 400
    assert "is not a PDF, DOCX, ODT, XLSX, PNG or JPEG file" in response.get_data(as_text=True)
    assert peak < 50 * 1024 * 1024, f"the upload grew the process by {peak / 1e6:.0f} MB"
    assert stored_files(app) == before


def test_a_batch_with_one_refused_file_stores_none_of_them(client, classroom, app):
    before = stored_files(app)
    client.login(classroom.learner)
    response = post_plan(client, classroom, "My plan.", [("plan.pdf", PDF), ("budget.docx", docx_bytes()),
                                                         ("virus.pdf", b"MZ\x90\x00not a pdf")])
    assert response.status_code == 400
    assert stored_files(app) == before
    assert post_plan(client, classroom, "My plan.", [("plan.pdf", PDF)]).status_code == 302
    assert len(stored_files(app)) == len(before) + 1


def test_a_file_saved_in_a_transaction_that_rolls_back_is_gone(app):
    before = stored_files(app)
    with app.app_context():
        kept = storage().save(b"kept", db.session)
        db.session.commit()
        dropped = storage().save(b"dropped", db.session)
        assert not storage().path(dropped).exists()  # not in place before the commit
        db.session.rollback()
        assert storage().path(kept).read_bytes() == b"kept"
        assert stored_files(app) == sorted([*before, kept])
        storage().delete(kept, db.session)
        db.session.rollback()  # the deletion is undone with the transaction
        assert storage().path(kept).exists()
        storage().delete(kept, db.session)
        db.session.commit()
        assert stored_files(app) == before
