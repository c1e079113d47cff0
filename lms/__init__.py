"""The TVET Leadership Programme learning platform: `create_app()` builds the Flask app."""
from __future__ import annotations

import os
from typing import Any

import importlib

from flask import Flask

from lms import config as lms_config

# Each feature package declares its blueprint in its __init__.py; these of its modules declare
# its pages (lms/core/edge.py `page`) and its permission rules (lms/core/permissions.py `rule`).
FEATURES: dict[str, tuple[str, ...]] = {
    "alumni": ("permissions", "views", "mentoring_views"),
    "api": ("permissions", "pages", "views", "oauth", "openapi", "cli"),
    "applications": ("permissions", "public_views", "staff_views", "review_views"),
    "auth": ("views",),
    "centres": ("views",),
    "certificates": ("permissions", "views"),
    "cohorts": ("permissions", "views", "people_views", "grading_views", "webinar_views"),
    "community": ("permissions", "views", "notification_views", "review_views", "group_views", "message_views",
                  "cli"),
    "courses": ("views",),
    "home": ("views",),
    "integrations": ("listeners", "views", "cli"),
    "impact": ("permissions", "views", "staff_views", "cli"),
    "learning": ("permissions", "views", "work_views", "resource_views"),
    "lti": ("permissions", "views", "advantage", "cli"),
    "reports": ("views",),
    "sso": ("views",),
    "users": ("views",),
}


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build an app: defaults, then `LMS_*` environment variables, then `config` (for tests)."""
    app = Flask(
        __name__,
        static_folder=None,  # files are served fingerprinted by lms/core/assets.py
        instance_path=(config or {}).get("INSTANCE_PATH") or os.environ.get("LMS_INSTANCE_PATH") or None,
        template_folder=str(lms_config.PROJECT_ROOT / "templates"),
    )
    app.config.from_object(lms_config.DefaultConfig)
    if config is None:
        app.config.from_prefixed_env("LMS")
    else:
        app.config.update(config)
    lms_config.finalize(app.config, app.instance_path)
    from lms.core.urls import RowIdConverter
    app.url_map.converters["int"] = RowIdConverter

    from lms import cli, extensions
    from lms.core import assets, errors, headers, i18n, pagecache, templating
    from lms.mail import delivery

    extensions.db.init_app(app)
    extensions.csrf.init_app(app)
    extensions.babel.init_app(app, locale_selector=_select_locale, timezone_selector=_select_timezone)
    extensions.login_manager.init_app(app)
    templating.init_app(app)
    assets.init_app(app)
    headers.init_app(app)
    errors.init_app(app)
    app.before_request(i18n.remember_asked_language)
    delivery.init_app(app)
    pagecache.init_app(app)
    cli.init_app(app)
    if app.config.get("PROXY_COUNT"):
        from werkzeug.middleware.proxy_fix import ProxyFix
        n = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]

    for package in FEATURES:
        module = importlib.import_module(f"lms.{package}")
        for part in FEATURES[package]:
            importlib.import_module(f"lms.{package}.{part}")  # its pages and rules register themselves
        app.register_blueprint(module.bp)
    from lms.core import health
    app.register_blueprint(health.bp)

    from lms.learning import freshness
    freshness.listen()
    return app


def _select_locale() -> str:
    from lms.core.i18n import select_locale
    return select_locale()


def _select_timezone() -> str | None:
    from lms.core.i18n import select_timezone
    return select_timezone()
