"""Alembic, configured from the app rather than from an ini file."""
from __future__ import annotations

from alembic.config import Config
from flask import Flask

from lms.config import PROJECT_ROOT

MIGRATIONS = PROJECT_ROOT / "migrations"


def alembic_config(app: Flask, url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    # `%` is special in ini values; the URL may hold an escaped password.
    config.set_main_option("sqlalchemy.url", (url or app.config["DATABASE_URL"]).replace("%", "%%"))
    # What a migration that seals or opens secrets (lms/core/sealed.py) needs.
    config.attributes["data_keys"] = app.config["DATA_KEYS"]
    return config
