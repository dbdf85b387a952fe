"""Checks for the public identifiers an organisation record carries."""
from __future__ import annotations

import re

_ROR = re.compile(r"^https://ror\.org/0[a-hj-km-np-tv-z0-9]{6}[0-9]{2}$")


def corporate_number_is_valid(number: str) -> bool:
    """Whether ``number`` is a well-formed 法人番号 (corporate number).

    Thirteen digits; the first is a check digit: ``9 - (Σ Pn·Qn mod 9)`` over the other
    twelve, counted from the right, with weight Qn = 1 for odd n and 2 for even n
    (National Tax Agency specification).
    """
    if not re.fullmatch(r"\d{13}", number or ""):
        return False
    base = number[1:]
    total = sum(int(d) * (1 if n % 2 else 2) for n, d in enumerate(reversed(base), start=1))
    return int(number[0]) == 9 - total % 9


def ror_id_is_valid(ror_id: str) -> bool:
    """Whether ``ror_id`` has the form of a ROR identifier URL."""
    return bool(_ROR.match(ror_id or ""))
