"""What a claim's page shows besides its form: appearances, the verdict panel, its history."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from claims import admin_matching, desk
from claims.models import Claim, ClaimAppearance, Verdict

from .common import ARTICLE_BULK_FIELDS

APPEARANCES_SHOWN = 50
_WORD = re.compile(r"\w+", re.UNICODE)
# Words too common to mark in a sentence.
_COMMON = frozenset(
    "a an the of in on at to and or but is are was were be been by for with as that this it its from has have had".split()
)


def highlight(sentence: str, claim_text: str) -> SafeString:
    """The sentence, escaped, with the words it shares with the claim in <mark>."""
    words = {w.casefold() for w in _WORD.findall(claim_text)} - _COMMON
    out: list[str] = []
    last = 0
    for match in _WORD.finditer(sentence):
        if match.group().casefold() in words:
            out.append(escape(sentence[last : match.start()]))
            out.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
    out.append(escape(sentence[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped


@dataclass(frozen=True, slots=True)
class AppearanceRow:
    appearance: ClaimAppearance
    article_url: str
    sentence: SafeString
    after_verdict: str  # "resurfaced: already ruled ..." for a sighting after the published verdict


def appearances(claim: Claim, published: Verdict | None = None) -> list[AppearanceRow]:
    """The latest sightings of ``claim``, with their article and outlet: one query.

    ``published``: the claim's current published verdict, if any.
    """
    rows = (
        ClaimAppearance.objects.filter(claim=claim)
        .select_related("article__source")
        .defer(*ARTICLE_BULK_FIELDS)
        .order_by("-created_at")[:APPEARANCES_SHOWN]
    )
    return [
        AppearanceRow(
            appearance=row,
            article_url=reverse("admin:sources_article_change", args=[row.article_id]),
            sentence=highlight(row.sentence, claim.text),
            after_verdict=admin_matching.verdict_when_seen(row, published),
        )
        for row in rows
    ]


@dataclass(frozen=True, slots=True)
class VerdictRow:
    verdict: Verdict
    state: str  # "current", "superseded", "draft"
    evidence: list


def verdicts(claim: Claim) -> list[VerdictRow]:
    """The claim's verdicts, newest first: the latest published one is current, older ones superseded."""
    rows = list(
        Verdict.objects.filter(claim=claim)
        .select_related("author")
        .prefetch_related("evidence")
        .order_by("-published_at", "-created_at")
    )
    out, current_seen = [], False
    for verdict in sorted(
        rows, key=lambda v: (not v.is_published, v.published_at or v.created_at), reverse=True
    ):
        if not verdict.is_published:
            state = "draft"
        elif not current_seen and verdict.superseded_by_id is None:
            state, current_seen = "current", True
        else:
            state = "superseded"
        out.append(VerdictRow(verdict=verdict, state=state, evidence=list(verdict.evidence.all())))
    return out


def history(claim: Claim) -> list[desk.Change]:
    return desk.claim_history(claim)
