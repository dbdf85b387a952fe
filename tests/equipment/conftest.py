"""Fixtures of the equipment tests: organisation ids by seed key."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from hubs.core.extensions import db
from hubs.equipment.models import Equipment
from hubs.organizations.models import Organization
from tests.fixtures_accounts import PASSWORD, bearer


@pytest.fixture
def org_id(app):
    """``org_id("univ-nagoya")`` → that seeded organisation's id."""

    def find(key: str) -> int:
        with app.app_context():
            return db.session.scalar(select(Organization.id).where(Organization.key == key))

    return find


def machine_of(app, org_key: str, bookable: bool = True) -> int:
    """The first (bookable) machine of the organisation with seed key ``org_key``."""
    with app.app_context():
        return db.session.scalar(select(Equipment.id).join(Equipment.organization).where(
            Organization.key == org_key, Equipment.bookable.is_(bookable)).order_by(Equipment.id).limit(1))


@pytest.fixture
def staff(app, runner, users):
    """Bearer headers of lab staff at Tohoku University and at Chiba's lab, made by the admin's CLI."""
    headers = {}
    for name, key in (("tohoku", "univ-tohoku"), ("chiba", "lab-12-chiba")):
        result = runner.invoke(args=["users", "create", "--email", f"{name}@lab.example.org", "--password", PASSWORD,
                                     "--role", "lab_staff", "--organization", key])
        assert result.exit_code == 0, result.output
        headers[name] = bearer(app.test_client(), f"{name}@lab.example.org")
    return headers


@pytest.fixture
def machine(app) -> int:
    return machine_of(app, "univ-tohoku")
