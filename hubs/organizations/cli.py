"""Commands of the organisations domain: ``flask seed`` and ``flask import organizations``."""
from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext
from flask_migrate import upgrade

from hubs.core.tables import TableError
from hubs.organizations import synthetic as synthetic_data
from hubs.organizations.imports import check_size, import_organizations, read_file
from hubs.organizations.seed import seed_database
from hubs.core.audit import record_admin_action


@click.command("seed")
@with_appcontext
@click.option("--synthetic", "synthetic", type=click.IntRange(min=1), default=None,
              help="Also add N synthetic organisations (load-test data, flagged as such).")
@click.option("--drop-synthetic", is_flag=True, help="Remove every synthetic organisation and stop.")
def seed_command(synthetic: int | None, drop_synthetic: bool) -> None:
    """Load or refresh the shipped reference data (idempotent)."""
    upgrade()
    if drop_synthetic:
        click.echo(f"synthetic organisations removed: {synthetic_data.drop_synthetic()}")
        return
    report = seed_database()
    click.echo(
        f"prefectures: {report.prefectures}; organisations created: {report.created}, "
        f"updated: {report.updated}; by kind: "
        + ", ".join(f"{k} {n}" for k, n in sorted(report.by_kind.items()))
    )
    if synthetic:
        click.echo(f"synthetic organisations added: {synthetic_data.add_synthetic(synthetic)}")


import_group = AppGroup("import", help="Import data files.")


@import_group.command("organizations")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Report what would change, row by row; write nothing.")
def import_organizations_command(path: str, dry_run: bool) -> None:
    """Import organisations from CSV (UTF-8, UTF-8 with BOM or cp932), xlsx or GeoJSON.

    All or nothing: any bad row imports nothing; every bad row and column is listed and
    the exit status is 1.
    """
    try:
        check_size(Path(path).stat().st_size)  # before reading a huge file into memory
        records = read_file(path, Path(path).read_bytes())
    except TableError as error:
        raise click.ClickException(f"{path}: {error.text('en')}") from None
    report = import_organizations(records, dry_run=dry_run)
    for row in report.rows:
        if row.action == "error":
            for problem in row.errors:
                click.echo(f"line {row.line}: {problem.field}: {problem.text('en')}", err=True)
        elif row.action != "unchanged" or dry_run:
            detail = f" ({', '.join(row.changes)})" if row.changes else ""
            click.echo(f"line {row.line}: {row.action} {row.key or row.id or ''} {row.name}{detail}".rstrip())
    if report.applied:
        record_admin_action(None, "organizations_imported", "Organization", file=path, via="cli",
                            created=report.count("create"), updated=report.count("update"))
    summary = report.to_dict()
    verdict = "dry run, nothing written" if dry_run else ("imported" if report.applied else "nothing imported")
    click.echo(f"{verdict}: created {summary['created']}, updated {summary['updated']}, "
               f"unchanged {summary['unchanged']}, errors {summary['errors']}")
    if not report.ok:
        raise SystemExit(1)


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_command)
    app.cli.add_command(import_group)
