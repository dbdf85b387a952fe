"""Account pages: log in, register, log out, and the admin's list of staff accounts."""
from __future__ import annotations

import unicodedata
from urllib.parse import unquote, urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from hubs.accounts.auth import current_user, log_in, log_out, roles_required
from hubs.accounts.forms import CreateStaffForm, EmptyForm, LoginForm, RegisterForm
from hubs.accounts.limits import limiter, login_limit
from hubs.accounts.operations import authenticate, create_user, users_by_role
from hubs.core.errors import InvalidInput

bp = Blueprint("accounts", __name__)


def _safe_next(target: str | None) -> str:
    """``target`` if it is a path on this site, else the applicant's home page.

    Browsers drop tabs and newlines and read ``\\`` as ``/`` in a Location, so ``/%09/evil``
    and ``/\\evil`` go off-site: a path is accepted only if neither it nor its decoded form
    holds white space, control characters or backslashes, and it has no scheme or host.
    """
    fallback = url_for("certification.my_applications")
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
            return redirect(_safe_next(request.args.get("next")))
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
            from hubs.certification.operations import record_admin_action

            record_admin_action(current_user(), "staff_created", "User", user.id, email=user.email, role=user.role)
            flash(_("Account %(email)s created.", email=user.email), "info")
            return redirect(url_for("accounts.staff"))
    elif request.method == "POST":
        status = 400
    return render_template("accounts/staff.html", form=form, users=users_by_role(), me=current_user()), status
