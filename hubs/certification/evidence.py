"""Evidence files: what an applicant attaches to each rubric indicator of a draft revision.

A file is accepted by what it holds, never by its name: a PDF (``%PDF-``), an Excel workbook
(a zip with ``[Content_Types].xml`` and an ``xl/`` part, without macros), a PNG or a JPEG
image; a name whose extension says otherwise is refused too. Caps (bytes per file, files per
indicator and per revision) come from the configuration (``ATLAS_EVIDENCE_*``).

The bytes are stored outside the web root (``ATLAS_EVIDENCE_DIR``, by default
``instance/evidence``) under their SHA-256, so a file kept by several revisions is stored
once; the name the applicant gave lives in the database only. Files are sent only to the
application's owner and to coordinators and admins, always as attachments.
"""
from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import unicodedata
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

from flask import Response, current_app, send_file, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from hubs.accounts.models import User
from hubs.certification.models import EvidenceFile, HubApplication
from hubs.certification.operations import (
    _draft_revision, audit, criteria_of, get_application, refuse_frozen, rubric_keys, StateConflict
)
from hubs.core.errors import InvalidInput, NotFound
from hubs.core.extensions import db, utcnow

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Content type → (what people call it, the extensions its name may end in).
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "application/pdf": ("PDF", ("pdf",)),
    XLSX: ("Excel (.xlsx)", ("xlsx",)),
    "image/png": ("PNG", ("png",)),
    "image/jpeg": ("JPEG", ("jpg", "jpeg")),
}
#: Longest name kept (characters, extension included).
MAX_NAME = 200
#: Most parts an Excel workbook may list (a real one holds a few dozen).
MAX_ZIP_MEMBERS = 1000
#: Room for the multipart envelope and the form's other fields above the file cap.
REQUEST_MARGIN = 256 * 1024
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def max_bytes() -> int:
    return int(current_app.config["ATLAS_EVIDENCE_MAX_BYTES"])


def request_cap() -> int:
    """The largest request an evidence upload may send (the file and its form)."""
    return max_bytes() + REQUEST_MARGIN


def _megabytes(size: int) -> str:
    return format(size / (1024 * 1024), ".3g")


def too_large() -> InvalidInput:
    return InvalidInput.single("file", "too_large", _l("Each evidence file must be at most %(mb)s MB.",
                                                       mb=_megabytes(max_bytes())), status=413)


def _refused(code: str, message: Any, status: int = 400) -> InvalidInput:
    return InvalidInput.single("file", code, message, status=status)


def _is_xlsx(data: bytes) -> bool | None:
    """True for a workbook, None for a macro-enabled one, False for anything else."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return False
    if len(names) > MAX_ZIP_MEMBERS or "[Content_Types].xml" not in names:
        return False
    if not any(name.startswith("xl/") for name in names):
        return False
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        return None
    return True


def sniff(data: bytes) -> str | None:
    """The content type that ``data`` really holds, if it is one evidence may be; else ``None``."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"PK\x03\x04"):
        found = _is_xlsx(data)
        if found is None:
            raise _refused("macros", _l("Excel files with macros (.xlsm) are not accepted; save the workbook as .xlsx."))
        return XLSX if found else None
    return None


def clean_name(filename: str) -> str:
    """The uploaded name without folders or control characters, at most :data:`MAX_NAME` long."""
    name = unicodedata.normalize("NFC", PurePosixPath(filename.replace("\\", "/")).name)
    name = _CONTROL.sub("", name).strip().strip(".")
    if len(name) > MAX_NAME:
        stem, dot, suffix = name.rpartition(".")
        name = (stem[: MAX_NAME - len(suffix) - 1] + dot + suffix) if dot and len(suffix) <= 10 else name[:MAX_NAME]
    return name


def check_file(filename: str, data: bytes) -> tuple[str, str]:
    """(clean name, detected content type) of an acceptable file; :class:`InvalidInput` otherwise:
    413 over the size cap, 400 for an empty, unknown or disguised file."""
    if len(data) > max_bytes():
        raise too_large()
    if not data:
        raise _refused("empty", _l("The file is empty."))
    name = clean_name(filename)
    content_type = sniff(data)
    if content_type is None:
        raise _refused("file_type", _l("Evidence must be a PDF, an Excel workbook (.xlsx) or a PNG or JPEG image; "
                                       "this file's content is none of these."))
    label, extensions = KINDS[content_type]
    suffix = name.rpartition(".")[2].lower() if "." in name else ""
    if suffix not in extensions:
        raise _refused("name_mismatch", _l("The file holds %(kind)s but its name does not end in .%(ext)s; "
                                           "rename it and upload it again.", kind=label, ext=extensions[0]))
    return name, content_type


# ---------------------------------------------------------------------------------------
# Storage


def folder() -> Path:
    return Path(current_app.config["ATLAS_EVIDENCE_DIR"])


def stored_path(sha256: str) -> Path:
    return folder() / sha256[:2] / sha256


def _store(data: bytes, sha256: str) -> bool:
    """Write the file once (complete or not at all); True if this call created it."""
    path = stored_path(sha256)
    if path.exists():
        return False
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    try:
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def _discard_unused(sha256: str) -> None:
    """Delete the stored file once no revision refers to it any more."""
    if not db.session.scalar(select(func.count()).select_from(EvidenceFile).where(EvidenceFile.sha256 == sha256)):
        stored_path(sha256).unlink(missing_ok=True)


def prune() -> int:
    """Delete stored files that no evidence row refers to (left behind when the database
    removed rows by itself: an account or application deleted); returns how many."""
    if not folder().is_dir():
        return 0
    kept = set(db.session.scalars(select(EvidenceFile.sha256).distinct()))
    removed = 0
    for path in folder().glob("??/*"):
        if path.is_file() and path.name not in kept:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


# ---------------------------------------------------------------------------------------
# Operations


def _indicator(application: HubApplication, indicator: Any) -> str:
    keys = rubric_keys(criteria_of(application.criteria_version))
    if not isinstance(indicator, str) or indicator not in keys:
        raise InvalidInput.single("indicator", "unknown", _l("Choose one of the rubric indicators: %(keys)s.",
                                                             keys=", ".join(keys)))
    return indicator


def add_evidence(application: HubApplication, user: User, indicator: Any, filename: str,
                 data: bytes) -> EvidenceFile:
    """Attach a file to a rubric indicator of the draft revision. Everything is checked before
    anything is written; a refused file leaves the database and the folder as they were."""
    refuse_frozen(application)
    key = _indicator(application, indicator)
    name, content_type = check_file(filename, data)
    current = application.current_revision
    per_indicator, per_revision = (int(current_app.config["ATLAS_EVIDENCE_MAX_FILES"]),
                                   int(current_app.config["ATLAS_EVIDENCE_MAX_FILES_PER_REVISION"]))
    if len(current.evidence_of(key)) >= per_indicator:
        raise InvalidInput.single("file", "too_many", _l(
            "An indicator holds at most %(n)s evidence files; remove one first.", n=per_indicator))
    if len(current.evidence) >= per_revision:
        raise InvalidInput.single("file", "too_many", _l(
            "An application holds at most %(n)s evidence files; remove one first.", n=per_revision))
    sha256 = hashlib.sha256(data).hexdigest()
    revision = _draft_revision(application, user)
    evidence = EvidenceFile(indicator=key, original_name=name, sha256=sha256, content_type=content_type,
                            size=len(data), uploaded_by_id=user.id)
    revision.evidence.append(evidence)
    application.updated_at = utcnow()  # the optimistic lock: a submit meanwhile wins, this is refused
    created = _store(data, sha256)
    try:
        db.session.flush()
        audit(user, "evidence_added", application, revision=revision.number, indicator=key, name=name,
              size=len(data), sha256=sha256)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        if created:
            _discard_unused(sha256)
        raise
    return evidence


def _evidence_of(application: HubApplication, evidence_id: int) -> EvidenceFile:
    evidence = db.session.get(EvidenceFile, evidence_id)
    if evidence is None or evidence.revision.application_id != application.id:
        raise NotFound(_l("No evidence file %(id)s in this application.", id=evidence_id))
    return evidence


def remove_evidence(application: HubApplication, user: User, evidence_id: int) -> None:
    """Take a file off the draft revision; the stored file goes when no revision keeps it."""
    refuse_frozen(application)
    evidence = _evidence_of(application, evidence_id)
    current = application.current_revision
    if evidence.revision_id != current.id:
        raise StateConflict(application, _l("This file belongs to an earlier, submitted revision; it stays with it."))
    if current.frozen:  # returned: the change starts the next revision, which holds copies
        index = current.evidence.index(evidence)
        evidence = _draft_revision(application, user).evidence[index]
    revision, sha256 = evidence.revision, evidence.sha256
    revision.evidence.remove(evidence)
    application.updated_at = utcnow()
    audit(user, "evidence_removed", application, revision=revision.number, indicator=evidence.indicator,
          name=evidence.original_name, sha256=sha256)
    db.session.commit()
    _discard_unused(sha256)


def download(application_id: int, evidence_id: int, user: User) -> Response:
    """The file as an attachment, to the owner and to reviewers only (404 for anyone else, as
    for the application itself)."""
    evidence = _evidence_of(get_application(application_id, user), evidence_id)
    path = stored_path(evidence.sha256)
    if not path.is_file():
        raise NotFound(_l("The stored file is missing; ask an administrator."))
    response = send_file(path, mimetype=evidence.content_type, as_attachment=True,
                         download_name=evidence.original_name, conditional=True, etag=evidence.sha256, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def evidence_dict(evidence: EvidenceFile, *, api: bool = True) -> dict[str, Any]:
    application_id = evidence.revision.application_id
    endpoint = "certification_api.evidence_file" if api else "certification.evidence_file"
    return {"id": evidence.id, "indicator": evidence.indicator, "name": evidence.original_name,
            "size": evidence.size, "content_type": evidence.content_type, "kind": KINDS[evidence.content_type][0],
            "sha256": evidence.sha256, "uploaded_at": evidence.created_at.isoformat() if evidence.created_at else None,
            "url": url_for(endpoint, application_id=application_id, evidence_id=evidence.id)}


def limits() -> dict[str, Any]:
    """The caps as the edit page shows them."""
    return {"max_mb": _megabytes(max_bytes()), "per_indicator": int(current_app.config["ATLAS_EVIDENCE_MAX_FILES"]),
            "per_revision": int(current_app.config["ATLAS_EVIDENCE_MAX_FILES_PER_REVISION"]),
            "accept": ".pdf,.xlsx,.png,.jpg,.jpeg"}
