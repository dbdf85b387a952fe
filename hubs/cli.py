"""Command-line interface: ``flask seed`` and friends, wired in :func:`init_app`."""
from __future__ import annotations

import click
from flask import Flask

from hubs.extensions import db
from hubs.seed import seed_database


@click.command("seed")
def seed_command() -> None:
    """Load or refresh the shipped reference data (idempotent)."""
    db.create_all()
    report = seed_database()
    click.echo(
        f"prefectures: {report.prefectures}; organisations created: {report.created}, "
        f"updated: {report.updated}; by kind: "
        + ", ".join(f"{k} {n}" for k, n in sorted(report.by_kind.items()))
    )


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_command)
