"""Fixtures of the equipment tests: organisation ids by seed key."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from hubs.core.extensions import db
from hubs.organizations.models import Organization


@pytest.fixture
def org_id(app):
    """``org_id("univ-nagoya")`` → that seeded organisation's id."""

    def find(key: str) -> int:
        with app.app_context():
            return db.session.scalar(select(Organization.id).where(Organization.key == key))

    return find
