"""Writes for claims: recording what the splitter found in an article."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from claims.splitting import SplitResult

from .models import Change, ChangeCounter, Claim, Claimant, ClaimAppearance, Evidence, Verdict

_NON_WORD = re.compile(r"[^\w%$€£]+")


def normalize_claim_text(text: str) -> str:
    """Case, accents of quotes and punctuation do not make a different claim."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _NON_WORD.sub(" ", text).strip()


def claim_hash(text: str) -> str:
    return hashlib.sha256(normalize_claim_text(text).encode("utf-8")).hexdigest()


def claimant_get_or_create(*, name: str) -> Claimant | None:
    name = " ".join(name.split())[:300]
    if not name:
        return None
    # Casefolding can lengthen a name ("ß" -> "ss"): cut after it, not before.
    normalized = name.casefold()[:300]
    claimant, _ = Claimant.objects.get_or_create(normalized_name=normalized, defaults={"name": name})
    return claimant


@transaction.atomic
def claims_record_split(*, article, result: SplitResult) -> list[ClaimAppearance]:
    """Create or match a Claim for each candidate and record its appearance in ``article``.

    Matching is on the normalised text for now; the same sighting recorded twice
    (a reprocessed article) is ignored thanks to the appearance's unique constraint.
    """
    appearances = []
    # Rows are taken in one global order (claimants by name, then claims by hash): two
    # workers recording articles that share claims then wait for each other instead
    # of deadlocking on each other's uncommitted unique keys.
    claimants = {
        name: claimant_get_or_create(name=name)
        for name in sorted({c.claimant for c in result.claims if c.claimant})
    }
    keyed = sorted(((claim_hash(c.text), c.start, i), c) for i, c in enumerate(result.claims))
    for (digest, _, _), candidate in keyed:
        claimant = claimants.get(candidate.claimant) if candidate.claimant else None
        claim, created = Claim.objects.get_or_create(
            normalized_hash=digest,
            defaults={
                "text": candidate.text,
                "claimant": claimant,
                "language": result.language,
                "checkworthiness": candidate.checkworthiness,
            },
        )
        if not created:
            # Conditional, not read-then-write: of two sightings recorded at once, the
            # higher score stays.
            Claim.objects.filter(pk=claim.pk, checkworthiness__lt=candidate.checkworthiness).update(
                checkworthiness=candidate.checkworthiness
            )
        if not created and claim.claimant_id is None and claimant is not None:
            Claim.objects.filter(pk=claim.pk, claimant__isnull=True).update(claimant=claimant)
        appearance, _ = ClaimAppearance.objects.get_or_create(
            article=article,
            claim=claim,
            start=candidate.start,
            defaults={
                "end": candidate.end,
                "sentence": candidate.sentence,
                "claimant": claimant,
                "claimant_text": (candidate.claimant or "")[:300],
                "is_quote": candidate.quote,
                "score": candidate.checkworthiness,
                "score_reasons": [[name, round(weight, 4)] for name, weight in candidate.reasons],
            },
        )
        appearances.append(appearance)
    return appearances


def evidence_is_on_record(evidence: Evidence) -> bool:
    """Evidence cited by a published verdict is part of the public record."""
    return evidence.pk is not None and evidence.verdicts.filter(is_published=True).exists()


class VerdictError(ValueError):
    """The verdict cannot be saved as asked; the message says why, for the editor."""


@transaction.atomic
def verdict_save(*, verdict: Verdict, by) -> Verdict:
    """Save an editor's verdict; publishing it rules on the claim.

    This is the one place a verdict is published. In one transaction it sets the
    claim's status (so the claim never shows a status no published verdict explains),
    marks the claim's previous published verdict superseded by this one, and appends
    both events to the change feed. A published verdict is never edited in place: a
    correction is a new verdict.
    """
    was_published = (
        verdict.pk is not None and Verdict.objects.filter(pk=verdict.pk, is_published=True).exists()
    )
    if was_published:
        raise VerdictError("A published verdict is not changed; publish a new verdict to correct it.")
    if verdict.author_id is None:
        verdict.author = by
    if verdict.is_published and verdict.published_at is None:
        verdict.published_at = timezone.now()
    verdict.save()
    if not verdict.is_published:
        return verdict
    # The claim's row lock orders publishers of the same claim: the second waits here,
    # then sees the first's verdict as the one it supersedes.
    Claim.objects.filter(pk=verdict.claim_id).update(
        status=verdict.status, review_state=Claim.ReviewState.PUBLISHED, updated_at=timezone.now()
    )
    replaced = list(
        Verdict.objects.filter(claim_id=verdict.claim_id, is_published=True, superseded_by__isnull=True)
        .exclude(pk=verdict.pk)
        .order_by("published_at", "pk")
        .values_list("pk", flat=True)
    )
    if replaced:
        Verdict.objects.filter(pk__in=replaced).update(
            superseded_by=verdict, superseded_at=verdict.published_at
        )
    changes_append(
        [
            Change(kind=Change.Kind.VERDICT_SUPERSEDED, claim_id=verdict.claim_id, verdict_id=pk)
            for pk in replaced
        ]
        + [Change(kind=Change.Kind.VERDICT_PUBLISHED, claim_id=verdict.claim_id, verdict_id=verdict.pk)]
    )
    return verdict


def changes_append(changes: list[Change]) -> list[Change]:
    """Number ``changes`` and store them; call it as the last write of the transaction.

    ``UPDATE ... SET last = last + n`` locks the counter row until this transaction
    commits, so another publisher gets its numbers only after this one's are visible:
    the feed's numbers commit in order and a client's cursor can never pass a number
    that is still to appear. Taking it last keeps the lock short.
    """
    if not changes:
        return []
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("changes_append must run inside the transaction that makes the change")
    if not ChangeCounter.objects.filter(pk=1).update(last=F("last") + len(changes)):
        # The migration creates the row; a flushed database (transactional tests) has none.
        ChangeCounter.objects.get_or_create(pk=1)
        ChangeCounter.objects.filter(pk=1).update(last=F("last") + len(changes))
    last = ChangeCounter.objects.values_list("last", flat=True).get(pk=1)
    for offset, change in enumerate(changes):
        change.seq = last - len(changes) + 1 + offset
    return Change.objects.bulk_create(changes)
