from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from academy import audit
from academy.auth.forms import ChangePasswordForm, LoginForm
from academy.extensions import db, limiter
from academy.models import User
from academy.models._types import utcnow
from academy.permissions import authenticated, public

bp = Blueprint("auth", __name__)


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _safe_next(target: str | None) -> str:
    if (
        target
        and urlsplit(target).netloc == ""
        and target.startswith("/")
        and not target.startswith("//")
    ):
        return target
    return url_for("main.dashboard")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        user = db.session.execute(db.select(User).filter_by(email=email)).scalar_one_or_none()
        now = utcnow()
        if user is not None and user.locked_until and user.locked_until > now:
            minutes = max(1, round((user.locked_until - now).total_seconds() / 60))
            form.password.errors.append(
                f"This account is locked after too many failed attempts. "
                f"Try again in {minutes} minute{'s' if minutes != 1 else ''}, "
                "or ask the academy director to unlock it."
            )
        elif user is None or not user.check_password(form.password.data):
            if user is not None:
                _count_failure(user, now)
                db.session.commit()
            form.password.errors.append("Wrong email or password.")
        elif not user.active:
            form.email.errors.append("This account is disabled. Ask the academy director.")
        else:
            user.failed_logins = 0
            user.locked_until = None
            user.last_login_at = now
            db.session.commit()
            login_user(user, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


def _count_failure(user: User, now) -> None:
    user.failed_logins += 1
    if user.failed_logins >= current_app.config["LOGIN_MAX_FAILURES"]:
        user.locked_until = now + timedelta(seconds=current_app.config["LOGIN_LOCKOUT_SECONDS"])
        user.failed_logins = 0
        audit.record("account_locked", user, actor_id=user.id)


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
    if form.validate_on_submit():
        if not current_user.check_password(form.current_password.data):
            form.current_password.errors.append("This is not your current password.")
        else:
            current_user.set_password(form.new_password.data)
            current_user.must_change_password = False
            audit.record("password_changed", current_user)
            db.session.commit()
            login_user(current_user._get_current_object())  # this session stays; others end
            flash("Your password is changed.", "success")
            return redirect(url_for("main.dashboard"))
    return render_template("auth/change_password.html", form=form)
