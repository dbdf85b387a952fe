"""Hub certification: published criteria, applications, reviews, certifications, renewals.

Modelled on METI's J-Innovation HUB (four review viewpoints, three fiscal years of validity)
and on European cluster labels (a minimum per indicator, tiers by share of the maximum).
The scoring itself is the pure engine in :mod:`hubs.certification.scoring`.
"""
from __future__ import annotations

import json

import click
from flask import Flask
from flask.cli import AppGroup
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from sqlalchemy import inspect
from sqlalchemy.orm.exc import StaleDataError

from hubs.certification import api, evidence, notices, operations, views
from hubs.certification.models import ACTIONS, STATUSES
from hubs.certification.periods import fiscal_year
from hubs.certification.scoring import criteria_json_schema
from hubs.core.config import SEED_DIR
from hubs.core.errors import Conflict, error_response
from hubs.core.extensions import db
from hubs.core.registry import register

certification_cli = AppGroup("certification", help="Hub certification data.")


@certification_cli.command("seed")
def seed_command() -> None:
    """Publish the shipped criteria if none is published and load the sample hubs once."""
    version = operations.current_criteria_version()
    loaded = operations.load_samples()
    click.echo(f"criteria {version.version} current; sample applications loaded: {loaded}")


@certification_cli.command("remind")
@click.option("--day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Remind as of this day (default: today).")
def remind_command(day) -> None:
    """Tell holders of certifications ending within 6, 3 or 1 months (once each; run daily)."""
    made = notices.remind_expiring(day.date() if day else operations.today())
    click.echo(f"expiry reminders sent: {made}")


@certification_cli.command("prune-evidence")
def prune_evidence_command() -> None:
    """Delete stored evidence files that no application revision refers to any more."""
    click.echo(f"evidence files deleted: {evidence.prune()}")


@certification_cli.command("schema")
def schema_command() -> None:
    """Write the JSON Schema of a criteria document beside the shipped criteria."""
    target = SEED_DIR / "criteria" / "criteria.schema.json"
    target.write_text(json.dumps(criteria_json_schema(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    click.echo(f"wrote {target}")


def _certified_today() -> set[int]:
    if not inspect(db.engine).has_table("certification"):
        return set()
    return set(operations.certification_tiers())


def seed_certification() -> None:
    """First start: the criteria and the samples, if the tables are there and still empty."""
    if inspect(db.engine).has_table("criteria_version"):
        operations.current_criteria_version()
        operations.load_samples()


def _changed_meanwhile(error: StaleDataError) -> ResponseReturnValue:
    """Two requests changed one application at once (optimistic lock): the later one is refused."""
    db.session.rollback()
    notices.discard()
    return error_response(Conflict(_l("The application was changed meanwhile; reload it and try again.")))


def init_app(app: Flask) -> None:
    app.register_error_handler(StaleDataError, _changed_meanwhile)
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.cli.add_command(certification_cli)
    app.jinja_env.globals["STATUSES"] = STATUSES  # macros are imported without context
    app.jinja_env.globals["ACTIONS"] = ACTIONS
    app.jinja_env.globals["criteria_label"] = operations.criteria_label
    app.jinja_env.globals["result_label"] = operations.result_label
    app.jinja_env.globals["BANDS"] = operations.BANDS
    app.jinja_env.globals["fiscal_year"] = fiscal_year
    app.jinja_env.globals["decision_label"] = operations.decision_label
    register(app, "organization.properties", operations.tier_properties)
    register(app, "organization.data_version", operations.certification_version)
    register(app, "organization.certified", _certified_today)
    register(app, "audit.record", operations.record_admin_action)
    register(app, "seed.first_start", seed_certification)
    register(app, "header.items", views.header_notices)
    # Other features' notices go through the same table, header count, page and mail.
    register(app, "notices.notify", notices.notify)
    register(app, "notices.deliver", notices.deliver)
    register(app, "notices.discard", notices.discard)
