"""Reads for the editors' desk in the admin: per-page figures, a claim's history, the desk's counts."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from sources.models import Article

from .models import Claim, ClaimAppearance, Evidence, Verdict

# Fields whose change says nothing to an editor (bookkeeping of the row itself).
_QUIET_FIELDS = {"id", "version", "updated_at", "normalized_hash", "score_reasons"}


def claims_sightings(claim_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Appearances and distinct sources of each claim: one grouped query over these claims only."""
    rows = (
        ClaimAppearance.objects.filter(claim_id__in=claim_ids)
        .values("claim_id")
        .annotate(appearances=Count("id"), sources=Count("article__source", distinct=True))
        .order_by()
    )
    return {row["claim_id"]: (row["appearances"], row["sources"]) for row in rows}


def articles_claim_counts(article_ids: list[int]) -> dict[int, int]:
    rows = (
        ClaimAppearance.objects.filter(article_id__in=article_ids)
        .values("article_id")
        .annotate(claims=Count("id"))
        .order_by()
    )
    return {row["article_id"]: row["claims"] for row in rows}


@dataclass(frozen=True, slots=True)
class Change:
    """One history entry: who did what to which row, and the fields it changed."""

    when: datetime.datetime
    who: str
    what: str  # "Claim", "Evidence", ...
    object_id: int
    kind: str  # created / changed / deleted
    reason: str
    fields: tuple[tuple[str, str, str], ...]  # (field, before, after)


_KINDS = {"+": "created", "~": "changed", "-": "deleted"}


def _tracked_fields(history_model) -> list:
    return [
        field
        for field in history_model.instance_type._meta.concrete_fields
        if field.attname not in _QUIET_FIELDS
    ]


def _is_user(field) -> bool:
    return field.is_relation and field.related_model is get_user_model()


def _user_names(record_lists: list[list]) -> dict[int, str]:
    """Usernames of the people the records point at (assignee, author, added by): one query."""
    ids = {
        getattr(record, field.attname)
        for records in record_lists
        for record in records
        for field in _tracked_fields(type(record))
        if _is_user(field)
    } - {None}
    return dict(get_user_model().objects.filter(pk__in=ids).values_list("pk", "username")) if ids else {}


def _show(value, field=None, users: dict[int, str] | None = None) -> str:
    if field is not None and users is not None and _is_user(field) and value in users:
        value = users[value]
    text = "-" if value in (None, "") else str(value)
    return text if len(text) <= 200 else text[:199] + "…"


def _changes(records, label: str, users: dict[int, str] | None = None) -> list[Change]:
    """``records``: history rows of one model, oldest first; each compared with the row's previous."""
    out: list[Change] = []
    previous: dict[int, object] = {}
    fields = _tracked_fields(records.model) if hasattr(records, "model") else []
    for record in records:
        before = previous.get(record.id)
        diff = []
        for field in fields:
            new = getattr(record, field.attname)
            if before is None:
                # A creation (or the oldest entry shown): what the row was made with.
                if record.history_type == "+" and new not in (None, "", False, [], {}):
                    diff.append((field.name, "-", _show(new, field, users)))
                continue
            old = getattr(before, field.attname)
            if old != new:
                diff.append((field.name, _show(old, field, users), _show(new, field, users)))
        previous[record.id] = record
        if (
            before is not None
            and not diff
            and record.history_type == "~"
            and not record.history_change_reason
        ):
            continue  # a save that changed nothing an editor sees
        out.append(
            Change(
                when=record.history_date,
                who=record.history_user.get_username() if record.history_user else "pipeline",
                what=label,
                object_id=record.id,
                kind=_KINDS.get(record.history_type, record.history_type),
                reason=record.history_change_reason or "",
                fields=tuple(diff),
            )
        )
    return out


def claim_history(claim: Claim, *, limit: int = 100) -> list[Change]:
    """The history of a claim and of its evidence, verdicts and appearances, newest first.

    Five queries, whatever the number of entries (each capped at ``limit`` rows), the
    fifth for the names of the people the entries point at.
    """
    sources = [
        (Claim.history.filter(id=claim.pk), "Claim"),  # type: ignore[attr-defined]
        (Verdict.history.filter(claim_id=claim.pk), "Verdict"),  # type: ignore[attr-defined]
        (Evidence.history.filter(claim_id=claim.pk), "Evidence"),  # type: ignore[attr-defined]
        (ClaimAppearance.history.filter(claim_id=claim.pk), "Appearance"),  # type: ignore[attr-defined]
    ]
    fetched = [
        (
            _Oldest(
                records.select_related("history_user").order_by("-history_date", "-history_id")[:limit],
                records.model,
            ),
            label,
        )
        for records, label in sources
    ]
    users = _user_names([records for records, _ in fetched])
    entries: list[Change] = []
    for records, label in fetched:
        entries.extend(_changes(records, label, users))
    entries.sort(key=lambda change: change.when, reverse=True)
    return entries[:limit]


class _Oldest(list):
    """Rows newest-first reversed, carrying their model for ``_changes``."""

    def __init__(self, newest_first, model):
        super().__init__(reversed(newest_first))
        self.model = model


def changes_since(model, pk: int, version: int) -> list[Change]:
    """What happened to row ``pk`` after ``version`` (the version a page was opened at)."""
    records = list(
        model.history.filter(id=pk, version__gte=version)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:50]
    )
    # The oldest entry is the state the page was opened at: the base, not a change.
    changes = _changes(_Oldest(records, model.history.model), model.__name__, _user_names([records]))[1:]
    return [change for change in changes if change.fields]


def describe_changes(changes: list[Change]) -> str:
    parts = []
    for change in changes:
        fields = "; ".join(f"{name}: {before} → {after}" for name, before, after in change.fields)
        parts.append(f"{change.who} at {timezone.localtime(change.when):%H:%M:%S} changed {fields}.")
    return " ".join(parts) or "Its state moved on (no field of this form changed)."


@dataclass(frozen=True, slots=True)
class DeskCounts:
    awaiting_triage: int
    in_review: int
    drafted: int
    published_this_week: int
    failed_articles: int
    counted_at: datetime.datetime
    days: tuple[tuple[datetime.date, int, int], ...]  # (day, claims found, verdicts published)


DESK_CACHE_KEY = "desk:counts:v1"


def desk_counts() -> DeskCounts:
    """The desk's shared counts and 30-day chart, cached (``FACTCHECK_DESK_CACHE_SECONDS``).

    Counting by review state is an index-only scan of ``claim_triage_idx``; the chart
    reads ``claim_created_idx`` and ``verdict_published_idx`` for 30 days only. Cached so
    that a busy desk reloading the index does not repeat them on every view.
    """
    cached = cache.get(DESK_CACHE_KEY)
    if cached is not None:
        return cached
    now = timezone.now()
    by_state = dict(
        Claim.objects.order_by()
        .values_list("review_state")
        .annotate(n=Count("id"))
        .values_list("review_state", "n")
    )
    start = (now - datetime.timedelta(days=29)).replace(hour=0, minute=0, second=0, microsecond=0)
    found = dict(
        Claim.objects.filter(created_at__gte=start)
        .annotate(day=TruncDate("created_at"))
        .order_by()
        .values_list("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    published = dict(
        Verdict.objects.filter(is_published=True, published_at__gte=start)
        .annotate(day=TruncDate("published_at"))
        .order_by()
        .values_list("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    week_ago = now - datetime.timedelta(days=7)
    first_day = timezone.localdate(start) if timezone.is_aware(start) else start.date()
    days = tuple(
        (day, found.get(day, 0), published.get(day, 0))
        for day in (first_day + datetime.timedelta(days=i) for i in range(30))
    )
    counts = DeskCounts(
        awaiting_triage=by_state.get(Claim.ReviewState.NEW, 0),
        in_review=by_state.get(Claim.ReviewState.IN_REVIEW, 0),
        drafted=by_state.get(Claim.ReviewState.VERDICT_DRAFTED, 0),
        published_this_week=Verdict.objects.filter(is_published=True, published_at__gte=week_ago).count(),
        failed_articles=Article.objects.filter(status=Article.Status.FAILED).count(),
        counted_at=now,
        days=days,
    )
    cache.set(DESK_CACHE_KEY, counts, settings.FACTCHECK_DESK_CACHE_SECONDS)
    return counts


def my_open_claims(user) -> int:
    """Claims assigned to ``user`` and not yet published or dismissed (``claim_assignee_idx``)."""
    return Claim.objects.filter(
        assignee=user,
        review_state__in=[
            Claim.ReviewState.NEW,
            Claim.ReviewState.IN_REVIEW,
            Claim.ReviewState.VERDICT_DRAFTED,
        ],
    ).count()
