"""Fixtures of the geo tests: SINET backbones (see :mod:`tests.geo.sinet_fixtures`)."""
from __future__ import annotations

import pytest

from geo.sinet import Backbone, load_backbone_csv
from tests.geo.sinet_fixtures import LINKS_CSV, NODES_CSV, small_links, small_nodes


@pytest.fixture
def small() -> Backbone:
    """The five-node network of :func:`tests.geo.sinet_fixtures.small_nodes`."""
    return Backbone(small_nodes(), small_links())


@pytest.fixture(scope="module")
def model() -> Backbone:
    """The shipped seed model (47 nodes), every backup computed."""
    backbone = load_backbone_csv(NODES_CSV, LINKS_CSV)
    backbone.precompute_backups()
    return backbone
