"""The TVET Leadership Programme learning platform: `create_app()` builds the Flask app."""
from __future__ import annotations

import os
from typing import Any

from flask import Flask

from lms import config as lms_config


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build an app: defaults, then `LMS_*` environment variables, then `config` (for tests)."""
    app = Flask(
        __name__,
        instance_path=(config or {}).get("INSTANCE_PATH") or os.environ.get("LMS_INSTANCE_PATH") or None,
        template_folder=str(lms_config.PROJECT_ROOT / "templates"),
    )
    app.config.from_object(lms_config.DefaultConfig)
    if config is None:
        app.config.from_prefixed_env("LMS")
    else:
        app.config.update(config)
    lms_config.finalize(app.config, app.instance_path)

    from lms import cli, extensions
    from lms.core import assets, errors, headers, pagecache, templating
    from lms.mail import delivery

    extensions.db.init_app(app)
    extensions.csrf.init_app(app)
    extensions.babel.init_app(app, locale_selector=_select_locale, timezone_selector=_select_timezone)
    extensions.login_manager.init_app(app)
    templating.init_app(app)
    assets.init_app(app)
    headers.init_app(app)
    errors.init_app(app)
    delivery.init_app(app)
    pagecache.init_app(app)
    cli.init_app(app)
    from lms.learning import kept
    kept.init_app(app)  # inside ProxyFix, which must give it the client's address
    if app.config.get("PROXY_COUNT"):
        from werkzeug.middleware.proxy_fix import ProxyFix
        n = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]

    from lms.auth.views import bp as auth_bp
    from lms.centres.views import bp as centres_bp
    from lms.certificates.views import bp as certificates_bp
    from lms.cohorts.views import bp as cohorts_bp
    from lms.courses.views import bp as courses_bp
    from lms.core.health import bp as health_bp
    from lms.home.views import bp as home_bp
    from lms.learning.views import bp as learning_bp
    from lms.reports.views import bp as reports_bp
    from lms.users.views import bp as users_bp

    import lms.cohorts.permissions  # noqa: F401 - registers the cohort rules
    from lms.learning import freshness
    freshness.listen()

    for blueprint in (auth_bp, centres_bp, certificates_bp, cohorts_bp, courses_bp, health_bp, home_bp, learning_bp,
                      reports_bp, users_bp):
        app.register_blueprint(blueprint)
    return app


def _select_locale() -> str:
    from lms.core.i18n import select_locale
    return select_locale()


def _select_timezone() -> str | None:
    from lms.core.i18n import select_timezone
    return select_timezone()
