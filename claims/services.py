"""Writes for claims: recording what the splitter found in an article."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from django.db import transaction
from django.utils import timezone

from claims.splitting import SplitResult

from .history import record_updates
from .models import Claim, Claimant, ClaimAppearance, Evidence, Verdict

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
        changed = 0
        if not created:
            # Conditional, not read-then-write: of two sightings recorded at once, the
            # higher score stays.
            changed += Claim.objects.filter(
                pk=claim.pk, checkworthiness__lt=candidate.checkworthiness
            ).update(checkworthiness=candidate.checkworthiness)
        if not created and claim.claimant_id is None and claimant is not None:
            changed += Claim.objects.filter(pk=claim.pk, claimant__isnull=True).update(claimant=claimant)
        if changed:
            record_updates(Claim, [claim.pk], reason=f"seen again in article {article.pk}")
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


@transaction.atomic
def verdict_save(*, verdict: Verdict, by) -> Verdict:
    """Save an editor's verdict; publishing it rules on the claim.

    A published verdict sets the claim's status and marks it published, in the same
    transaction, so the claim never shows a status that no published verdict explains.
    """
    if verdict.author_id is None:
        verdict.author = by
    if verdict.is_published and verdict.published_at is None:
        verdict.published_at = timezone.now()
    verdict.save()
    if verdict.is_published:
        Claim.objects.filter(pk=verdict.claim_id).update(
            status=verdict.status, review_state=Claim.ReviewState.PUBLISHED, updated_at=timezone.now()
        )
        record_updates(Claim, [verdict.claim_id], by=by, reason="verdict published")
    return verdict


@transaction.atomic
def evidence_save(*, evidence: Evidence, by) -> Evidence:
    """Save evidence an editor attached or corrected; who added it and when are filled here."""
    if evidence.pk is not None and evidence_is_on_record(evidence):
        raise ValueError("Evidence cited by a published verdict cannot be changed.")
    if evidence.pk is None or evidence.added_by_id is None:
        evidence.added_by = evidence.added_by or by
    evidence._history_user = by  # type: ignore[attr-defined]
    evidence.save()
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: Evidence, by) -> None:
    if evidence_is_on_record(evidence):
        raise ValueError("Evidence cited by a published verdict cannot be deleted.")
    evidence._history_user = by  # type: ignore[attr-defined]
    evidence.delete()
