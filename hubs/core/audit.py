"""Admin actions (imports, staff changes, backbone imports) into the audit log.

The log itself belongs to a feature (certification keeps it, beside its review decisions);
that feature writes the entries (hook ``audit.record``). Without one, nothing is recorded.
"""
from __future__ import annotations

from typing import Any

from hubs.core.registry import hooks


def record_admin_action(actor: Any, action: str, object_type: str, object_id: int | None = None,
                        **detail: Any) -> None:
    """Record ``action`` by ``actor`` (``None`` for the CLI) on an object, with ``detail``."""
    for record in hooks("audit.record"):
        record(actor, action, object_type, object_id, **detail)
