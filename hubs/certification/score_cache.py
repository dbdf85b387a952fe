"""The score API's answer, computed once per state of what it is computed from.

Scoring an application (engine, peers' quartile band, advice, wording in both languages) is
the costly part of ``GET /api/v1/applications/<id>/score``; it is kept in the project's
per-process cache (:func:`hubs.core.responses.cached_json` over :mod:`hubs.core.cache`) and
sent with an ETag. The key holds everything the answer depends on, so nothing stale is
served: the current revision (id, number, frozen or not, and a digest of its values: a
draft's values change in place), the track, the criteria version's digest, the reviews
(their rubric levels), the set of certified peers (:func:`operations.certification_version`,
which also moves with the day) for a frozen revision, and the reader's language (the answer
holds a few words in it: the band's label, the problems' ``message``). The key and the access
check (:func:`operations.may_read`) take one query, so a cached answer loads no application.
"""
from __future__ import annotations

import hashlib
from collections.abc import Hashable
from typing import Any

from flask import Response
from sqlalchemy import Select, bindparam, func, select

from hubs.certification import operations as ops
from hubs.accounts.models import User
from hubs.certification.models import ApplicationRevision, CriteriaVersion, HubApplication, Review
from hubs.core.extensions import db
from hubs.core.i18n import current_language
from hubs.core.responses import cached_json


def _version_query() -> Select[Any]:
    """For one application (``:application``): its owner, track and criteria digest, its current
    revision, and the number and newest id of its reviews. Built once: building a statement
    costs more than running it."""
    revision = ApplicationRevision
    reviews = select(Review.id).where(Review.application_id == bindparam("application"))
    return (select(HubApplication.owner_id, HubApplication.track, CriteriaVersion.digest,
                   revision.id, revision.number, revision.submitted_at, revision.values_json,
                   reviews.with_only_columns(func.count(Review.id)).scalar_subquery(),
                   reviews.with_only_columns(func.max(Review.id)).scalar_subquery())
            .join(HubApplication, HubApplication.id == revision.application_id)
            .join(CriteriaVersion, CriteriaVersion.id == HubApplication.criteria_version_id)
            .where(revision.application_id == bindparam("application")).order_by(revision.number.desc()).limit(1))


_VERSION_QUERY = _version_query()


def score_version(application_id: int) -> tuple[int, Hashable] | None:
    """``(owner id, key)`` of the application, or ``None`` if there is none. The key holds
    everything its score is computed from, read in one query (a review's rubric levels never
    change once recorded, so the reviews' number and newest id stand for them), and the
    certified peers in a second for a frozen revision."""
    row = db.session.execute(_VERSION_QUERY, {"application": application_id}).one_or_none()
    if row is None:
        return None
    owner_id, track, criteria, revision_id, number, submitted_at, values_json, review_count, last_review = row
    frozen = submitted_at is not None
    peers = ops.certification_version() if frozen else None  # drafts never see peers
    return owner_id, (revision_id, number, frozen, hashlib.sha1(values_json.encode("utf-8")).hexdigest(), track,
                      criteria, review_count, last_review, peers)


def score_response(application_id: int, user: User) -> Response:
    """The score, breakdown, peers' band and advice of the application as JSON, if ``user`` may
    read it (else the 404 of :func:`operations.get_application`). A cached answer needs only
    the one query of the key; the application itself is loaded when the score is computed."""
    found = score_version(application_id)
    if found is None or not ops.may_read(found[0], user):
        ops.get_application(application_id, user)  # raises the 404 that every route answers
    assert found is not None  # (an application that exists has a revision)
    return cached_json("certification.score", (application_id, current_language()), found[1],
                       lambda: ops.application_score(ops.get_application(application_id, user)).to_dict())
