"""``flask users create --email E --password P --role coordinator|admin``."""
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
def create_command(email: str, password: str, role: str) -> None:
    """Create an account (coordinators and admins are only made this way or by an admin)."""
    try:
        user = create_user(email, password, role)
    except InvalidInput as error:
        for problem in error.errors:
            click.echo(f"{problem.field}: {problem.text('en')}", err=True)
        raise SystemExit(1) from None
    click.echo(f"created {user.role} {user.email} (id {user.id})")
