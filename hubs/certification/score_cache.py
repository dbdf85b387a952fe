"""The score API's answer, computed once per state of what it is computed from.

Scoring an application (engine, peers' quartile band, advice, wording in both languages) is
the costly part of ``GET /api/v1/applications/<id>/score``; it is kept in the project's
per-process cache (:func:`hubs.core.responses.cached_json` over :mod:`hubs.core.cache`) and
sent with an ETag. The key holds everything the answer depends on, so nothing stale is
served: the current revision (id, number, frozen or not, and a digest of its values: a
draft's values change in place), the track, the criteria version's digest, the reviews
(their rubric levels), the set of certified peers (:func:`operations.certification_version`,
which also moves with the day) for a frozen revision, and the reader's language (the answer
holds a few words in it: the band's label, the problems' ``message``).
"""
from __future__ import annotations

import hashlib
from collections.abc import Hashable
from typing import Any

from flask import Response
from sqlalchemy import Select, bindparam, func, select

from hubs.certification import operations as ops
from hubs.certification.models import ApplicationRevision, HubApplication, Review
from hubs.core.extensions import db
from hubs.core.i18n import current_language
from hubs.core.responses import cached_json


def _version_query() -> Select[Any]:
    """The current revision and the number and newest id of the reviews of one application
    (``:application``), built once: building a statement costs more than running it."""
    revision = ApplicationRevision
    reviews = select(Review.id).where(Review.application_id == bindparam("application"))
    return (select(revision.id, revision.number, revision.submitted_at, revision.values_json,
                   reviews.with_only_columns(func.count(Review.id)).scalar_subquery(),
                   reviews.with_only_columns(func.max(Review.id)).scalar_subquery())
            .where(revision.application_id == bindparam("application")).order_by(revision.number.desc()).limit(1))


_VERSION_QUERY = _version_query()


def score_version(application: HubApplication) -> Hashable:
    """Everything the score of ``application`` is computed from, as a hashable key: the current
    revision and the reviews so far in one query (a review's rubric levels never change once
    recorded, so their number and newest id stand for them), the certified peers in a second."""
    row = db.session.execute(_VERSION_QUERY, {"application": application.id}).one()
    revision_id, number, submitted_at, values_json, review_count, last_review = row
    frozen = submitted_at is not None
    peers = ops.certification_version() if frozen else None  # drafts never see peers
    return (revision_id, number, frozen, hashlib.sha1(values_json.encode("utf-8")).hexdigest(), application.track,
            application.criteria_version.digest, review_count, last_review, peers)


def score_response(application: HubApplication) -> Response:
    """The score, breakdown, peers' band and advice of ``application`` as JSON (cached)."""
    return cached_json("certification.score", (application.id, current_language()), score_version(application),
                       lambda: ops.application_score(application).to_dict())
