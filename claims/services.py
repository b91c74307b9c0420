"""Writes for claims: recording what the splitter found in an article."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from django.db import transaction
from django.utils import timezone

from claims.splitting import SplitResult

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


def claims_record_split(*, article, result: SplitResult) -> list[ClaimAppearance]:
    """Create or match a Claim for each candidate and record its appearance in ``article``.

    Each candidate is matched against the known claims (``claims.match_services``): the
    same normalised text, or a near wording above the join threshold, becomes a new
    appearance of that claim; a likely but unsure match becomes a new claim with suggested
    links for editors; anything else a new claim. A sighting already recorded in this
    article (a re-split) keeps the claim it has. Sentence vectors are computed here,
    before the transaction, so no lock is held while the encoder runs.
    """
    from . import match_services

    vectors = match_services.claim_encode([c.text for c in result.claims]) if result.claims else None
    return _record_split(article=article, result=result, vectors=vectors)


@transaction.atomic
def _record_split(*, article, result: SplitResult, vectors) -> list[ClaimAppearance]:
    from . import match_services

    appearances = []
    # Rows are taken in one global order (claimants by name, then claims by hash): two
    # workers recording articles that share claims then wait for each other instead
    # of deadlocking on each other's uncommitted unique keys.
    claimants = {
        name: claimant_get_or_create(name=name)
        for name in sorted({c.claimant for c in result.claims if c.claimant})
    }
    keyed = sorted(((claim_hash(c.text), c.start, i), c) for i, c in enumerate(result.claims))
    # Sightings recorded by an earlier split of this article, by place: a re-split gives
    # each candidate back the claim its sighting was matched (or moved) to.
    earlier: dict[tuple[int, str], list[ClaimAppearance]] = {}
    for prior in ClaimAppearance.objects.filter(article=article).select_related("claim").order_by("pk"):
        earlier.setdefault((prior.start, prior.sentence), []).append(prior)
    if keyed:
        match_services.matching_lock()
    for (digest, _, i), candidate in keyed:
        claimant = claimants.get(candidate.claimant) if candidate.claimant else None
        vector = vectors[i]
        seen = match_services.earlier_sighting(
            earlier.get((candidate.start, candidate.sentence)), digest, vector
        )
        if seen is not None:
            match = match_services.Match(claim=seen.claim.resolve(), kind=seen.match, score=seen.match_score)
        else:
            match = match_services.claim_match(text=candidate.text, digest=digest, vector=vector)
        claim = match.claim
        created = False
        if claim is None:
            claim, created = Claim.objects.get_or_create(
                normalized_hash=digest,
                defaults={
                    "text": candidate.text,
                    "claimant": claimant,
                    "language": result.language,
                    "checkworthiness": candidate.checkworthiness,
                },
            )
            if created:
                match_services.matchkey_refresh(claim=claim, vector=vector)
                match_services.suggestions_create(claim=claim, outcome=match.outcome)
            else:
                claim = claim.resolve()
        if not created:
            # Conditional, not read-then-write: of two sightings recorded at once, the
            # higher score stays.
            Claim.objects.filter(pk=claim.pk, checkworthiness__lt=candidate.checkworthiness).update(
                checkworthiness=candidate.checkworthiness
            )
        if not created and claim.claimant_id is None and claimant is not None:
            Claim.objects.filter(pk=claim.pk, claimant__isnull=True).update(claimant=claimant)
        appearance, new_sighting = ClaimAppearance.objects.get_or_create(
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
                "match": ClaimAppearance.Match.NEW if created else match.kind,
                "match_score": None if created else match.score,
            },
        )
        if new_sighting and not created:
            match_services.claim_mark_resurfaced(claim=claim)
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
    return verdict
