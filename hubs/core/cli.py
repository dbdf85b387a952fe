"""Platform commands: ``flask backup`` and ``flask restore`` (SQLite online backup)."""
from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext

from hubs.core.backup import BackupError, backup_sqlite, restore_sqlite
from hubs.core.extensions import db


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def backup_command(path: str) -> None:
    """Back up the SQLite database to PATH (online: the portal may keep running)."""
    try:
        pages = backup_sqlite(db.engine, Path(path))
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"backed up {pages} pages to {path}")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(path: str, yes: bool) -> None:
    """Replace the SQLite database's content by the backup at PATH."""
    if not yes:
        click.confirm("Replace every record in the database by the backup?", abort=True)
    try:
        restore_sqlite(db.engine, Path(path))
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"restored from {path}")


def init_app(app: Flask) -> None:
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
