"""The Academy application factory."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from flask import Flask, g, render_template, request

from academy.enums import Role, label
from academy.extensions import csrf, db, limiter, login_manager, mail, migrate
from academy.permissions import policy_of, wants_json

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent


def shipped_path(name: str) -> Path:
    """A top-level folder of the project (templates, migrations): beside the package in a
    checkout, inside it in an installed wheel (setup.py copies them there)."""
    inside = PACKAGE_DIR / name
    return inside if inside.is_dir() else PROJECT_ROOT / name


def instance_path() -> str | None:
    """ACADEMY_INSTANCE_PATH, else `instance/` of a checkout; an installed wheel without the
    setting uses Flask's default for installed packages (`<prefix>/var/academy-instance`)."""
    configured = os.environ.get("ACADEMY_INSTANCE_PATH")
    if configured:
        return str(Path(configured).resolve())
    if (PROJECT_ROOT / "pyproject.toml").is_file():
        return str(PROJECT_ROOT / "instance")
    return None


# One blueprint per area, `module:attribute`.
BLUEPRINTS = [
    "academy.auth.routes:bp",
    "academy.main.routes:bp",
    "academy.admin.routes:bp",
    "academy.progress.routes:bp",
    "academy.api.routes:bp",
    "academy.licensing.routes:bp",
    "academy.coaching.routes:bp",
    "academy.exports.routes:bp",
    "academy.rules_admin.routes:bp",
    "academy.drivers.routes:bp",
    "academy.debrief.routes:bp",
    "academy.results.routes:bp",
    "academy.dossiers.routes:bp",
    "academy.scouting.routes:bp",
    "academy.calendar.routes:bp",
    "academy.jobs.routes:bp",
    "academy.inbox.routes:bp",
    "academy.endorsements.routes:bp",
    "academy.championship.routes:bp",
]


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(shipped_path("templates")),
        instance_path=instance_path(),
        instance_relative_config=True,
    )
    load_config(app, test_config)
    trust_proxies(app)
    register_converters(app)
    register_extensions(app)
    register_blueprints(app)
    register_request_hooks(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_commands(app)
    check_every_view_declares_access(app)
    return app


def load_config(app: Flask, test_config: dict[str, Any] | None) -> None:
    from config import CONFIGS, ProductionConfig

    name = "test" if test_config is not None else os.environ.get("ACADEMY_ENV", "")
    if not name:
        # Never fall back to the development configuration: its key is in the repository.
        raise RuntimeError(
            "Refusing to start: ACADEMY_ENV is not set. Use ACADEMY_ENV=production (with the "
            "settings the README's deployment section lists) or ACADEMY_ENV=development on "
            "your own machine (`make run` sets it)."
        )
    if name not in CONFIGS:
        raise RuntimeError(f"ACADEMY_ENV={name!r} is not one of {', '.join(CONFIGS)}")
    app.config.from_object(CONFIGS[name])
    if test_config:
        app.config.update(test_config)
    database_url = app.config["SQLALCHEMY_DATABASE_URI"] or (
        f"sqlite:///{Path(app.instance_path) / 'academy.sqlite'}"
    )
    app.config["SQLALCHEMY_DATABASE_URI"] = psycopg_url(database_url)
    app.config["ACADEMY_ENV"] = name
    if name == "production":
        ProductionConfig.check(app.config)
        app.config["TRUSTED_HOSTS"] = trusted_hosts(app.config)
    from academy.clock import academy_zone

    try:
        academy_zone(app.config["ACADEMY_TIMEZONE"])
    except ValueError as error:
        raise RuntimeError(f"Refusing to start: {error}") from error
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)


def trusted_hosts(config: dict[str, Any]) -> list[str]:
    """The public address's host name and any others configured: requests naming another
    Host get 400, so no page or link is ever made for a host the academy does not own."""
    from urllib.parse import urlsplit

    public_host = urlsplit(config["PUBLIC_BASE_URL"]).hostname
    return sorted({public_host, *(config.get("TRUSTED_HOSTS") or [])} - {None})


def trust_proxies(app: Flask) -> None:
    hops = app.config.get("TRUSTED_PROXIES", 0)
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]


def psycopg_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL whatever spelling the URL uses."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def register_converters(app: Flask) -> None:
    from academy.routing import RecordIdConverter

    app.url_map.converters["int"] = RecordIdConverter


def _init_page_cache(app: Flask) -> None:
    from academy.page_cache import cache, mark_response

    redis_url = app.config.get("PAGE_CACHE_REDIS_URL", "")
    settings = {
        "CACHE_DEFAULT_TIMEOUT": app.config["PAGE_CACHE_SECONDS"],
        "CACHE_KEY_PREFIX": app.config["PAGE_CACHE_KEY_PREFIX"],
    }
    if app.config.get("CACHE_TYPE"):  # a test's or deployment's own choice (NullCache...)
        settings["CACHE_TYPE"] = app.config["CACHE_TYPE"]
    elif redis_url:
        settings |= {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": redis_url}
    else:
        settings |= {
            "CACHE_TYPE": "SimpleCache",
            "CACHE_THRESHOLD": app.config["PAGE_CACHE_ENTRIES"],
        }
    cache.init_app(app, config=settings)
    app.after_request(mark_response)


def register_extensions(app: Flask) -> None:
    from academy.database import ping_after_idle

    db.init_app(app)
    with app.app_context():
        for engine in db.engines.values():
            ping_after_idle(engine, app.config["DATABASE_PING_AFTER_IDLE_SECONDS"])
    migrate.init_app(app, db, directory=str(shipped_path("migrations")), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    mail.init_app(app)
    _init_page_cache(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see this page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    from academy.models import User

    @login_manager.user_loader
    def load_user(session_id: str) -> User | None:
        user_id, _, version = session_id.partition(":")
        if not (user_id.isdigit() and version.isdigit()):
            return None
        user = db.session.get(User, int(user_id))
        if user is None or user.session_version != int(version):
            return None  # signed out everywhere since this cookie was issued
        return user

    @login_manager.unauthorized_handler
    def unauthorized() -> Any:
        from flask import jsonify, redirect, url_for

        if wants_json():
            return jsonify(error="authentication required"), 401
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def register_blueprints(app: Flask) -> None:
    import importlib

    for spec in BLUEPRINTS:
        module_name, attribute = spec.split(":")
        app.register_blueprint(getattr(importlib.import_module(module_name), attribute))


def register_request_hooks(app: Flask) -> None:
    from academy.logs import configure_logging, request_id_from

    @app.before_request
    def assign_request_id() -> None:
        g.request_id = request_id_from(request.headers.get("X-Request-ID"))

    configure_logging(app)

    @app.before_request
    def force_password_change() -> Any:
        from flask import redirect, url_for
        from flask_login import current_user

        if (
            current_user.is_authenticated
            and current_user.must_change_password
            and request.endpoint not in {"auth.change_password", "auth.logout", "static"}
        ):
            return redirect(url_for("auth.change_password"))
        return None

    @app.after_request
    def security_headers(response: Any) -> Any:
        response.headers.setdefault("X-Request-ID", g.get("request_id", ""))
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
        )
        if request.endpoint != "static" and _signed_in():
            # Pages, exports and photos of a signed-in user stay out of every cache: a shared
            # proxy or the next person at the office computer must not get them back.
            response.headers["Cache-Control"] = "no-store"
            response.headers.setdefault("Pragma", "no-cache")
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return response

    @app.teardown_request
    def rollback_unfinished(exc: BaseException | None) -> None:
        if exc is not None:
            db.session.rollback()


def _signed_in() -> bool:
    from flask_login import current_user

    return bool(current_user and current_user.is_authenticated)


def register_errorhandlers(app: Flask) -> None:
    from flask import jsonify
    from flask.globals import request_ctx

    messages = {
        400: ("Bad request", "The request could not be understood. Nothing was changed."),
        403: ("Not allowed", "You do not have access to this page."),
        404: ("Not found", "There is no such page, or it has moved."),
        405: ("Not allowed", "This page cannot be used that way."),
        413: ("Too large", "The upload is larger than this site accepts. Nothing was saved."),
        429: (
            "Too many attempts",
            "Too many requests in a short time. Please wait a minute and try again.",
        ),
        500: ("Something went wrong", "An error on our side. Nothing you sent was half-saved."),
    }

    def render_error(error: Any) -> Any:
        code = getattr(error, "code", 500) or 500
        if code == 500:
            db.session.rollback()
        title, message = messages.get(code, (str(code), getattr(error, "description", "")))
        if code == 400 and getattr(error, "description", "") and "CSRF" in error.description:
            message = "Your form expired or was sent from elsewhere. Reload the page and try again."
        if wants_json():
            return jsonify(error=title, detail=message), code
        if request_ctx.url_adapter is None:  # a Host the app does not answer: no links to make
            return f"{title}. {message}", code, {"Content-Type": "text/plain; charset=utf-8"}
        return render_template("error.html", code=code, title=title, message=message), code

    for code in messages:
        app.register_error_handler(code, render_error)
    app.register_error_handler(Exception, _unhandled(render_error))


def _unhandled(render_error: Any) -> Any:
    from werkzeug.exceptions import HTTPException, InternalServerError

    def handle(error: Exception) -> Any:
        if isinstance(error, HTTPException):
            return render_error(error)
        logging.getLogger("academy").exception("unhandled error")
        return render_error(InternalServerError())

    return handle


def register_template_helpers(app: Flask) -> None:
    from academy.driver_tabs import tabs_for
    from academy.formatting import format_date, format_duration_ms, format_lap_ms, format_moment
    from academy.inbox.navigation import inbox_count
    from academy.navigation import nav_for
    from academy.public_urls import public_url
    from academy.validity import licence_on, medical_on

    app.jinja_env.filters["label"] = label
    app.jinja_env.filters["lap"] = format_lap_ms
    app.jinja_env.filters["duration"] = format_duration_ms
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["moment"] = format_moment
    # The licence and medical that count on a day: one rule for every page (academy.validity).
    app.jinja_env.globals["licence_on"] = licence_on
    app.jinja_env.globals["medical_on"] = medical_on
    app.jinja_env.globals["public_url"] = public_url

    @app.context_processor
    def inject_layout() -> dict[str, Any]:
        from flask_login import current_user

        return {
            "academy_name": app.config["ACADEMY_NAME"],
            "nav_items": nav_for(current_user, app),
            "driver_tabs": lambda: tabs_for(current_user, app),
            "inbox_count": inbox_count,
            "Role": Role,
        }


def register_commands(app: Flask) -> None:
    from academy.cli import register

    register(app)


def check_every_view_declares_access(app: Flask) -> None:
    undeclared = [
        endpoint
        for endpoint, view in app.view_functions.items()
        if endpoint != "static" and policy_of(view) is None
    ]
    if undeclared:
        raise RuntimeError(
            "These views declare no access policy (use @public, @authenticated or @roles(...) "
            f"from academy.permissions): {', '.join(sorted(undeclared))}"
        )
