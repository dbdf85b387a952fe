"""Wiring of the collaboration package: blueprints, ``flask sinet`` and the first-start seed."""
from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from hubs.collaboration import api, views
from hubs.collaboration.backbone import forget_cached_backbone
from hubs.collaboration.imports import BackboneImportError, import_backbone_files, seed_sinet_tables
from hubs.collaboration.maps import sinet_overlay
from hubs.core.registry import register
from hubs.core.audit import record_admin_action

sinet_cli = AppGroup("sinet", help="The SINET backbone model.")


@sinet_cli.command("import")
@click.argument("nodes", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("links", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(nodes: Path, links: Path) -> None:
    """Replace the backbone with NODES and LINKS CSVs (all rows valid, or nothing changes)."""
    try:
        report = import_backbone_files(nodes, links, imported_by="cli")
    except BackboneImportError as error:
        raise click.ClickException("backbone rejected, nothing imported:\n" + "\n".join(error.problems)) from None
    forget_cached_backbone()
    record_admin_action(None, "backbone_imported", "SinetBackboneVersion", report.generation, via="cli",
                        nodes=report.nodes, links=report.links)
    click.echo(f"SINET backbone imported: {report.nodes} nodes, {report.links} links, generation {report.generation}")


@sinet_cli.command("seed")
def seed_command() -> None:
    """Load the shipped model into empty tables (or refresh it; an imported backbone is kept)."""
    report = seed_sinet_tables(commit=True)
    note = "; ".join(report.notes) or ("loaded" if report.changed else "unchanged")
    click.echo(f"SINET backbone: {report.nodes} nodes, {report.links} links, generation {report.generation} ({note})")


def init_app(app: Flask) -> None:
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.cli.add_command(sinet_cli)
    register(app, "seed.steps", seed_sinet_tables)
    register(app, "map.overlays", sinet_overlay)

