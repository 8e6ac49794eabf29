from __future__ import annotations

import secrets
from functools import cache
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_user, logout_user
from werkzeug.security import check_password_hash, generate_password_hash

from academy import audit
from academy.auth.forms import ChangePasswordForm, LoginForm
from academy.auth.throttle import Throttle, password_change_throttle, sign_in_throttle
from academy.clock import utcnow
from academy.extensions import db, limiter
from academy.models import User
from academy.models.users import password_method
from academy.permissions import authenticated, public

bp = Blueprint("auth", __name__)


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _signed_in(response: Response) -> bool:
    return response.status_code == 302 and current_user.is_authenticated


def _safe_next(target: str | None) -> str:
    if (
        target
        and urlsplit(target).netloc == ""
        and target.startswith("/")
        and not target.startswith("//")
    ):
        return target
    return url_for("main.dashboard")


def _sign_in_throttle() -> Throttle:
    config = current_app.config
    return sign_in_throttle(config["LOGIN_MAX_FAILURES"], config["LOGIN_LOCKOUT_SECONDS"])


@bp.route("/login", methods=["GET", "POST"])
# Only failed attempts count: an office behind one router signs in as often as it likes.
@limiter.limit(
    _login_limit, methods=["POST"], deduct_when=lambda response: not _signed_in(response)
)
@public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        user = db.session.execute(db.select(User).filter_by(email=email)).scalar_one_or_none()
        throttle, address = _sign_in_throttle(), get_remote_address()
        if user is not None and throttle.blocked(user.id, address):
            minutes = throttle.minutes_left(user.id, address)
            form.password.errors.append(
                "Too many failed attempts for this account from here. "
                f"Try again in {minutes} minute{'s' if minutes != 1 else ''}."
            )
        elif not password_matches(user, form.password.data):
            if user is not None and throttle.fail(user.id, address):
                audit.record("account_locked", user, actor_id=user.id, after={"address": address})
                db.session.commit()
            form.password.errors.append("Wrong email or password.")
        elif not user.active:
            form.email.errors.append("This account is disabled. Ask the academy director.")
        else:
            throttle.clear(user.id, address)
            user.last_login_at = utcnow()
            db.session.commit()
            # A new session at sign-in: nothing planted before it (a CSRF token, a session
            # cookie) carries over into the signed-in session.
            session.clear()
            login_user(user, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


def password_matches(user: User | None, password: str) -> bool:
    """Check the password, taking as long for an unknown e-mail as for a known one."""
    if user is None:
        check_password_hash(_dummy_hash(password_method()), password)
        return False
    return user.check_password(password)


@cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash(secrets.token_hex(16), method=method)


@bp.route("/logout", methods=["POST"])
@public
def logout():
    if current_user.is_authenticated:
        current_user.end_all_sessions()
        db.session.commit()
    logout_user()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@authenticated
def change_password():
    form = ChangePasswordForm(current_user)
    throttle = password_change_throttle(current_app.config["PASSWORD_CHANGE_RATE_LIMIT"])
    if form.validate_on_submit():
        if throttle.blocked(current_user.id):
            minutes = throttle.minutes_left(current_user.id)
            form.current_password.errors.append(
                "Too many wrong current passwords. "
                f"Try again in {minutes} minute{'s' if minutes != 1 else ''}."
            )
        elif not current_user.check_password(form.current_password.data):
            if throttle.fail(current_user.id):
                audit.record("password_change_throttled", current_user)
                db.session.commit()
            form.current_password.errors.append("This is not your current password.")
        elif current_user.check_password(form.new_password.data):
            throttle.clear(current_user.id)
            form.new_password.errors.append("Choose a password different from the current one.")
        else:
            throttle.clear(current_user.id)
            current_user.set_password(form.new_password.data)
            current_user.must_change_password = False
            audit.record("password_changed", current_user)
            db.session.commit()
            login_user(current_user._get_current_object())  # this session stays; others end
            flash("Your password is changed.", "success")
            return redirect(url_for("main.dashboard"))
    return render_template("auth/change_password.html", form=form)
