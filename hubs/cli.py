"""Command-line interface: ``flask seed`` and friends, wired in :func:`init_app`."""
from __future__ import annotations

import click
from flask import Flask

from hubs import synthetic as synthetic_data
from hubs.extensions import db
from hubs.seed import seed_database


@click.command("seed")
@click.option("--synthetic", "synthetic", type=click.IntRange(min=1), default=None,
              help="Also add N synthetic organisations (load-test data, flagged as such).")
@click.option("--drop-synthetic", is_flag=True, help="Remove every synthetic organisation and stop.")
def seed_command(synthetic: int | None, drop_synthetic: bool) -> None:
    """Load or refresh the shipped reference data (idempotent)."""
    db.create_all()
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


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_command)
