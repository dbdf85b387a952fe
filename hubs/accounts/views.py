"""Account pages: log in, register, log out, and the admin's list of staff accounts."""
from __future__ import annotations

import unicodedata
from urllib.parse import unquote, urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import force_locale
from flask_babel import gettext as _

from hubs.accounts import operations as ops
from hubs.core.access import current_user, login_required, roles_required
from hubs.accounts.auth import log_in, log_out
from hubs.accounts.forms import (
    ChangePasswordForm, CreateStaffForm, EmptyForm, LanguageForm, LoginForm, RegisterForm, ResetPasswordForm
)
from hubs.core.limits import limiter, login_limit
from hubs.accounts.models import User
from hubs.accounts.operations import authenticate, create_user, users_by_role
from hubs.core.errors import InvalidInput, NotFound
from hubs.core.extensions import db
from hubs.core.audit import record_admin_action

bp = Blueprint("accounts", __name__)


def _home(user: User | None) -> str:
    """Where a person lands after logging in: coordinators and admins on their dashboard,
    everybody else on their applications."""
    if user is not None and user.is_reviewer:
        return url_for("certification.dashboard")
    return url_for("certification.my_applications")


def _safe_next(target: str | None, fallback: str | None = None) -> str:
    """``target`` if it is a path on this site, else ``fallback`` (the applicant's home page).

    Browsers drop tabs and newlines and read ``\\`` as ``/`` in a Location, so ``/%09/evil``
    and ``/\\evil`` go off-site: a path is accepted only if neither it nor its decoded form
    holds white space, control characters or backslashes, and it has no scheme or host.
    """
    fallback = fallback or url_for("certification.my_applications")
    if not target or len(target) > 2000:
        return fallback
    for form in (target, unquote(target)):
        if not form.startswith("/") or form.startswith("//") or "\\" in form:
            return fallback
        if any(c.isspace() or unicodedata.category(c)[0] in "CZ" for c in form):
            return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target


def _apply_errors(form, error: InvalidInput) -> None:
    for name, texts in error.messages().items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = list(field.errors) + texts


@bp.route("/account/login", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
def login() -> ResponseReturnValue:
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            log_in(user)
            return redirect(_safe_next(request.args.get("next"), _home(user)))
        flash(_("Wrong email or password."), "error")
        status = 401
    elif request.method == "POST":
        status = 400
    return render_template("accounts/login.html", form=form), status


@bp.route("/account/register", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
def register() -> ResponseReturnValue:
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = create_user(form.email.data, form.password.data, "applicant")
        except InvalidInput as error:
            _apply_errors(form, error)
        else:
            log_in(user)
            flash(_("Welcome. You can now apply for certification."), "info")
            return redirect(url_for("certification.my_applications"))
    status = 400 if request.method == "POST" else 200
    return render_template("accounts/register.html", form=form), status


@bp.post("/account/logout")
def logout() -> ResponseReturnValue:
    form = EmptyForm()
    if not form.validate_on_submit():
        return redirect(url_for("web.index"))
    log_out()
    flash(_("You are logged out."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/admin/users", methods=["GET", "POST"])
@roles_required("admin")
def staff() -> ResponseReturnValue:
    """Admins create coordinator and admin accounts; applicants register themselves."""
    form = CreateStaffForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = create_user(form.email.data, form.password.data, form.role.data)
        except InvalidInput as error:
            _apply_errors(form, error)
            status = 422
        else:
            record_admin_action(current_user(), "staff_created", "User", user.id, email=user.email, role=user.role)
            flash(_("Account %(email)s created.", email=user.email), "info")
            return redirect(url_for("accounts.staff"))
    elif request.method == "POST":
        status = 400
    return render_template("accounts/staff.html", form=form, users=users_by_role(), me=current_user(),
                           action_form=EmptyForm()), status


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@limiter.limit(login_limit, methods=["POST"])
def change_password() -> ResponseReturnValue:
    """Change one's password; every other session and every API token ends."""
    form = ChangePasswordForm()
    status = 200
    if form.validate_on_submit():
        user = current_user()
        try:
            ops.change_password(user, form.current_password.data, form.password.data)
        except InvalidInput as error:
            _apply_errors(form, error)
            status = 422
        else:
            log_in(user)  # this session goes on, in the new generation
            flash(_("Your password is changed. Your other sessions and API tokens have ended."), "info")
            return redirect(url_for("accounts.tokens"))
    elif request.method == "POST":
        status = 400
    return render_template("accounts/password.html", form=form), status


@bp.get("/account/tokens")
@login_required
def tokens() -> ResponseReturnValue:
    """The account page: one's API tokens (when made, last used, expiry), each with a button to
    revoke it, and the language of one's notices and mails."""
    user = current_user()
    return render_template("accounts/tokens.html", tokens=ops.live_tokens(user), form=EmptyForm(),
                           language_form=LanguageForm(language=user.language or "ja"))


@bp.post("/account/language")
@login_required
def set_language() -> ResponseReturnValue:
    """Choose the language of one's notices and mails; the pages follow it too."""
    form = LanguageForm()
    if not form.validate_on_submit():
        user = current_user()
        return render_template("accounts/tokens.html", tokens=ops.live_tokens(user), form=EmptyForm(),
                               language_form=form), 400
    ops.set_language(current_user(), form.language.data)
    session["lang"] = form.language.data
    with force_locale(form.language.data):
        flash(_("Notices and e-mail will be in this language."), "info")
    return redirect(url_for("accounts.tokens"))


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int) -> ResponseReturnValue:
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("accounts.tokens"))
    ops.revoke_token(current_user(), token_id)
    flash(_("The token is revoked."), "info")
    return redirect(url_for("accounts.tokens"))


def _account(user_id: int) -> User:
    user = db.session.get(User, user_id) if 0 < user_id < 2**31 else None
    if user is None:
        raise NotFound()
    return user


@bp.post("/admin/users/<int:user_id>/active")
@roles_required("admin")
def set_active(user_id: int) -> ResponseReturnValue:
    """Deactivate (ending its sessions and tokens) or reactivate an account."""
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("accounts.staff"))
    user = _account(user_id)
    active = request.form.get("active") == "1"
    ops.set_active(current_user(), user, active)
    record_admin_action(current_user(), "account_activated" if active else "account_deactivated", "User", user.id,
                        email=user.email)
    flash(_("Account %(email)s is active.", email=user.email) if active
          else _("Account %(email)s is deactivated.", email=user.email), "info")
    return redirect(url_for("accounts.staff"))


@bp.post("/admin/users/<int:user_id>/reset")
@roles_required("admin")
def issue_reset(user_id: int) -> ResponseReturnValue:
    """Issue a one-time password-reset link: mailed, or shown here for the admin to pass on."""
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("accounts.staff"))
    user = _account(user_id)
    link, mailed = ops.issue_password_reset(current_user(), user)
    record_admin_action(current_user(), "password_reset_issued", "User", user.id, email=user.email, mailed=mailed)
    if mailed:
        flash(_("A password-reset link was mailed to %(email)s.", email=user.email), "info")
        return redirect(url_for("accounts.staff"))
    return render_template("accounts/reset_issued.html", user=user, link=link)


@bp.route("/account/reset/<token>", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
def reset_password(token: str) -> ResponseReturnValue:
    """Set a new password with a one-time link; the link then stops working."""
    if ops.password_reset_for(token) is None:
        raise NotFound(_("This password-reset link is unknown, used or expired."))
    form = ResetPasswordForm()
    status = 200
    if form.validate_on_submit():
        try:
            ops.reset_password(token, form.password.data)
        except InvalidInput as error:
            _apply_errors(form, error)
            status = 422
        else:
            flash(_("Your password is set. Please log in."), "info")
            return redirect(url_for("accounts.login"))
    elif request.method == "POST":
        status = 400
    return render_template("accounts/reset.html", form=form), status
