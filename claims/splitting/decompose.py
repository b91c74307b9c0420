"""Decomposition of compound sentences into atomic, standalone claims.

Provisional: returns the asserted content as one claim; splitting coordinated
clauses with their subject restored comes with the rule set for it.
"""

from __future__ import annotations


def decompose(content: str) -> list[str]:
    text = content.strip()
    return [text] if text else []
