"""``flask users create --email E --password P --role coordinator|admin|lab_staff [--organization KEY]``."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from hubs.accounts.models import ROLES
from hubs.accounts.operations import create_user
from hubs.core.errors import InvalidInput

users = AppGroup("users", help="Manage portal accounts.")


@users.command("create")
@click.option("--email", required=True)
@click.option("--password", required=True, help="At least 10 characters.")
@click.option("--role", type=click.Choice(list(ROLES)), default="coordinator", show_default=True)
@click.option("--organization", "organization", default=None,
              help="lab_staff: the organisation they work for (seed key such as lab-12-chiba, or id).")
def create_command(email: str, password: str, role: str, organization: str | None) -> None:
    """Create an account (coordinators, admins and lab staff are only made this way or by an admin)."""
    from sqlalchemy import or_, select

    from hubs.core.extensions import db
    from hubs.organizations.models import Organization

    organization_id = None
    if organization:
        organization_id = db.session.scalar(select(Organization.id).where(or_(
            Organization.key == organization,
            Organization.id == (int(organization) if organization.isdigit() else -1))))
        if organization_id is None:
            click.echo(f"organization: no organisation {organization!r}", err=True)
            raise SystemExit(1)
    try:
        user = create_user(email, password, role, organization_id)
    except InvalidInput as error:
        for problem in error.errors:
            click.echo(f"{problem.field}: {problem.text('en')}", err=True)
        raise SystemExit(1) from None
    click.echo(f"created {user.role} {user.email} (id {user.id})")
