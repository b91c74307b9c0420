"""Test data in one place."""

from __future__ import annotations

import itertools

from django.contrib.auth import get_user_model

from claims.models import Claim, Claimant, ClientKey, Evidence, Verdict
from claims.roles import sync_groups
from claims.services import claim_hash, verdict_save
from sources.models import Article
from sources.services import content_hash

_counter = itertools.count(1)


def make_article(*, text: str | None = None, **fields) -> Article:
    data = (text or f"Article number {next(_counter)} says 42 people attended.").encode()
    fields.setdefault("status", Article.Status.QUEUED)
    return Article.objects.create(raw=data, content_hash=content_hash(data)[0], **fields)


def make_claim(*, text: str | None = None, **fields) -> Claim:
    text = text or f"Claim number {next(_counter)}: unemployment fell to 4 percent."
    return Claim.objects.create(text=text, normalized_hash=claim_hash(text), **fields)


def make_claimant(name: str = "Office for National Statistics") -> Claimant:
    return Claimant.objects.create(name=name, normalized_name=name.casefold())


def make_editor(
    username: str = "editor", password: str = "correct-horse-battery", *, publisher: bool = False
):
    """A desk member; the groups are re-synced because transactional tests flush the migration's."""
    editors, publishers = sync_groups()
    user = get_user_model().objects.create_user(username=username, password=password, is_staff=True)
    user.groups.add(publishers if publisher else editors)
    return user


def make_verdict(
    *,
    claim: Claim | None = None,
    status: str = Claim.Status.DISPUTED,
    published: bool = True,
    by=None,
    explanation: str = "The official figure says otherwise.",
    evidence=(),
) -> Verdict:
    """A verdict saved through the service, so publishing writes what it writes in production."""
    claim = claim or make_claim()
    by = (
        by
        or get_user_model().objects.get_or_create(username="verdict-author", defaults={"is_staff": True})[0]
    )
    verdict = Verdict(claim=claim, status=status, explanation=explanation, is_published=False)
    verdict = verdict_save(verdict=verdict, by=by)
    if evidence:
        verdict.evidence.set(evidence)
    if published:
        verdict.is_published = True
        verdict = verdict_save(verdict=verdict, by=by)
    return verdict


def make_evidence(*, claim: Claim, **fields) -> Evidence:
    fields.setdefault("url", f"https://stats.example.org/release/{next(_counter)}")
    fields.setdefault("excerpt", "The rate was 4.4 percent.")
    fields.setdefault("stance", Evidence.Stance.REFUTES)
    return Evidence.objects.create(claim=claim, **fields)


def make_client_key(name: str = "partner", **permissions) -> tuple[ClientKey, str]:
    return ClientKey.objects.create_key(name=name, **permissions)


def make_publisher(username: str = "publisher", password: str = "correct-horse-battery"):
    return make_editor(username, password, publisher=True)


def make_published_verdict(claim: Claim, *, status: str = Claim.Status.DISPUTED, by=None) -> Verdict:
    verdict = Verdict(claim=claim, status=status, explanation="The figure was 8,000.", is_published=True)
    return verdict_save(verdict=verdict, by=by or make_editor(f"publisher{next(_counter)}"))


def record_columns(claim: Claim) -> dict:
    """What a published verdict rules on, as stored."""
    return Claim.objects.values("text", "normalized_hash", "claimant", "language", "review_state").get(
        pk=claim.pk
    )
