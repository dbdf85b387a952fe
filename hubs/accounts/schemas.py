"""The accounts API's contract, declared once (pydantic)."""
from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from hubs.accounts.models import ROLES
from hubs.accounts.operations import EMAIL_PATTERN, MAX_EMAIL, MAX_PASSWORD, MIN_PASSWORD
from hubs.core.params import BodyModel, PageQuery

Role = Literal[tuple(ROLES)]  # type: ignore[valid-type]


class Credentials(BodyModel):
    email: str = Field(max_length=MAX_EMAIL, pattern=EMAIL_PATTERN)
    password: str = Field(min_length=MIN_PASSWORD, max_length=MAX_PASSWORD)


class Login(BodyModel):
    """Credentials to sign in with: any password the account may have (checked, never described)."""

    email: str = Field(max_length=MAX_EMAIL)
    password: str = Field(min_length=1, max_length=MAX_PASSWORD)


class Account(BaseModel):
    id: int
    email: str
    role: Role


Language = Literal["ja", "en"]


class AccountSettings(BaseModel):
    """Your account as you see it (the JSON twin of the account page's settings)."""

    id: int
    email: str
    role: Role
    language: Language = Field(description="The language of your notices and mails (Japanese unless chosen)")


class AccountChange(BodyModel):
    language: Language


class Token(BaseModel):
    token: str
    token_type: Literal["Bearer"]
    role: Role


class TokenInfo(BaseModel):
    """A working API token as its owner sees it (never its value)."""

    id: int
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None


class TokenList(BaseModel):
    tokens: list[TokenInfo]
    next: str | None = Field(None, description="The next page (also a `Link: rel=\"next\"` header); null on the last")


class TokensRequest(PageQuery):
    """Pages in ascending id order (``limit``, ``cursor``)."""
