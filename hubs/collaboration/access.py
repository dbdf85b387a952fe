"""Who may change the backbone: one decorator, pointed at the accounts package.

Kept in one place so that the rule ("administrators only") is stated once.
"""
from __future__ import annotations

from hubs.core.access import current_user, roles_required

#: Pages redirect anonymous visitors to the login page and answer 403 to other roles.
admin_required = roles_required("admin")


def current_user_label() -> str:
    """The email of the person acting, for the import record."""
    user = current_user()
    return user.email if user is not None else ""
