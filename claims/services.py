"""Writes for claims: recording what the splitter found in an article, editors' edits of a
claim, and verdicts.

A claim with a published verdict is on the public record: its wording, claimant, language
and review state are what the verdict ruled on, and no path changes them (a wording problem
is fixed by a new claim). :func:`claim_save` is the one way an editor's change reaches a
claim; a database trigger (``claims/record_guard.py``) refuses any other.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, Field, OuterRef
from django.utils import timezone

from claims.matching.index import Candidate
from claims.splitting import ClaimCandidate, SplitLimits, SplitResult

from . import match_selectors
from .history import record_updates
from .models import Change, ChangeCounter, Claim, Claimant, ClaimAppearance, Evidence, Verdict

if TYPE_CHECKING:
    from .match_services import Match

_NON_WORD = re.compile(r"[^\w%$€£]+")


def normalize_claim_text(text: str) -> str:
    """Case, accents of quotes and punctuation do not make a different claim."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _NON_WORD.sub(" ", text).strip()


def claim_hash(text: str) -> str:
    return hashlib.sha256(normalize_claim_text(text).encode("utf-8")).hexdigest()


def claim_matching_keys(text: str) -> dict[str, object]:
    """The columns that matching reads, derived from a claim's wording: written with every
    new wording (a key derived from the text belongs here, so no edit leaves it stale)."""
    return {"normalized_hash": claim_hash(text)}


# A claim with a published verdict, as a condition on ``Claim`` rows.
_ON_RECORD = Exists(Verdict.objects.filter(claim=OuterRef("pk"), is_published=True))
# What a published verdict ruled on: the claim as worded, said by whom, in which language,
# and its state as published. (Its status is set by verdicts alone; see verdict_save.)
RECORD_FIELDS = ("text", "claimant", "language", "review_state")
# What an editor may set on a claim; the rest is the pipeline's (checkworthiness) or the
# verdicts' (status).
EDITABLE_FIELDS = (*RECORD_FIELDS, "assignee")


def _attname(name: str) -> str:
    """The column attribute of a Claim field ("claimant" -> "claimant_id")."""
    field = Claim._meta.get_field(name)
    assert isinstance(field, Field)
    return field.attname


class ClaimEditError(Exception):
    """An edit of a claim that is refused; the message is written for editors."""


class ClaimOnRecordError(ClaimEditError):
    pass


class ClaimWordingTakenError(ClaimEditError):
    def __init__(self, other: Claim):
        self.other = other
        super().__init__(
            f"Claim #{other.pk} already has this wording (“{other.text[:120]}”): one claim per wording. "
            "Edit or use that claim instead."
        )


def _claimant_key(name: str) -> str:
    # Casefolding can lengthen a name ("ß" -> "ss"): cut after it, not before.
    return " ".join(name.split())[:300].casefold()[:300]


def claimant_get_or_create(*, name: str) -> Claimant | None:
    name = " ".join(name.split())[:300]
    if not name:
        return None
    claimant, _ = Claimant.objects.get_or_create(normalized_name=_claimant_key(name), defaults={"name": name})
    return claimant


def claimant_named(name: str, *, exclude: Claimant | None = None) -> Claimant | None:
    """The claimant the matching key of ``name`` belongs to, other than ``exclude``."""
    rows = Claimant.objects.filter(normalized_name=_claimant_key(name))
    if exclude is not None and exclude.pk is not None:
        rows = rows.exclude(pk=exclude.pk)
    return rows.first()


def claimant_is_on_record(claimant: Claimant) -> bool:
    """The claimant of a claim with a published verdict is part of the public record."""
    return (
        claimant.pk is not None
        and Verdict.objects.filter(claim__claimant=claimant, is_published=True).exists()
    )


@transaction.atomic
def claimant_save(*, claimant: Claimant, by) -> Claimant:
    """Save an editor's claimant with its matching key in step; ``by`` is the editor.

    Refused (:class:`ClaimEditError`): renaming the claimant of a claim with a published
    verdict; a name another claimant already has (the two would be one on matching)."""
    if claimant.pk is not None:
        stored = Claimant.objects.select_for_update().get(pk=claimant.pk)
        if stored.name != claimant.name and claimant_is_on_record(stored):
            raise ClaimOnRecordError(f"{stored.name} is the claimant of a published verdict: the name stays.")
    claimant.name = " ".join(claimant.name.split())[:300]
    if not claimant.name:
        raise ClaimEditError("A claimant needs a name.")
    other = claimant_named(claimant.name, exclude=claimant)
    if other is not None:
        raise ClaimEditError(f"Claimant #{other.pk} already has this name: {other.name}.")
    claimant.normalized_name = _claimant_key(claimant.name)
    claimant.save()
    return claimant


def claim_is_on_record(claim: Claim) -> bool:
    """A claim with a published verdict is part of the public record."""
    return claim.pk is not None and Verdict.objects.filter(claim_id=claim.pk, is_published=True).exists()


def claim_check(*, claim: Claim, lock: bool = False) -> dict[str, object]:
    """The columns an editor's ``claim`` (an unsaved change, or a new claim) would write,
    matching keys included; raises :class:`ClaimEditError` if the change is refused.

    ``lock`` takes the stored row for update first (see :func:`claim_save`). Forms call it
    without, to show the refusal beside the field; the save checks again under the lock.
    """
    values: dict[str, object] = {}
    if claim.pk is None:
        changed = list(EDITABLE_FIELDS)
    else:
        stored_rows = Claim.objects.select_for_update() if lock else Claim.objects.all()
        stored = stored_rows.get(pk=claim.pk)
        changed = [
            name
            for name in EDITABLE_FIELDS
            if getattr(stored, _attname(name)) != getattr(claim, _attname(name))
        ]
        if set(changed) & set(RECORD_FIELDS) and claim_is_on_record(stored):
            names = ", ".join(name.replace("_", " ") for name in changed if name in RECORD_FIELDS)
            raise ClaimOnRecordError(
                f"Claim #{claim.pk} has a published verdict: its {names} cannot change. "
                "A wording problem is fixed by a new claim."
            )
        if stored.review_state == Claim.ReviewState.PUBLISHED and "review_state" in changed:
            raise ClaimOnRecordError(f"Claim #{claim.pk} was published: its review state stays published.")
    if "review_state" in changed and claim.review_state == Claim.ReviewState.PUBLISHED:
        raise ClaimEditError("A claim is published by publishing a verdict on it, not by setting its state.")
    for name in changed:
        attname = _attname(name)
        values[attname] = getattr(claim, attname)
    if "text" in changed:
        text = str(claim.text).strip()
        if not normalize_claim_text(text):
            raise ClaimEditError("A claim needs words: this wording is empty once punctuation is set aside.")
        values["text"] = text
        values.update(claim_matching_keys(text))
        other = Claim.objects.filter(normalized_hash=values["normalized_hash"]).exclude(pk=claim.pk).first()
        if other is not None:
            raise ClaimWordingTakenError(other)
    return values


@transaction.atomic
def claim_save(*, claim: Claim, by) -> Claim:
    """Create ``claim`` or write an editor's changes to it, keeping its matching keys in step.

    Refused (:class:`ClaimEditError`): any change of a claim with a published verdict to its
    wording, claimant, language or review state; a wording another claim already has; an
    empty wording; a claim marked published by hand. ``by`` is the editor.

    The race with a publication: the stored row is locked first, as :func:`verdict_save`
    locks it before publishing, so the two run one after the other; the check for a
    published verdict is a statement of its own after the lock is granted, so it sees a
    verdict committed while it waited (a condition inside the locking statement would be
    re-read against the row alone). Behind it, the database trigger refuses the write.
    Only the changed columns are written, through ``save()`` (its signals see the change).
    """
    values = claim_check(claim=claim, lock=True)
    if not values:
        return claim
    for attname, value in values.items():
        setattr(claim, attname, value)
    try:
        with transaction.atomic():  # a savepoint: the unique hash may still be taken by a race
            if claim.pk is None:
                claim.save(force_insert=True)
            else:
                claim.save(update_fields=[*values, "updated_at"])
    except IntegrityError:
        other = Claim.objects.filter(normalized_hash=claim.normalized_hash).exclude(pk=claim.pk).first()
        if other is not None:
            raise ClaimWordingTakenError(other) from None
        if claim_is_on_record(claim):
            raise ClaimOnRecordError(
                f"Claim #{claim.pk} has a published verdict: it cannot change."
            ) from None
        raise
    if "text" in values:
        # The matching index (terms and sentence vector) follows the new wording.
        from .match_services import matchkey_refresh

        matchkey_refresh(claim=claim)
    return claim


def claim_update_text(*, claim: Claim, text: str, by) -> Claim:
    """Reword a claim that has no published verdict (see :func:`claim_save`)."""
    claim.text = text
    return claim_save(claim=claim, by=by)


def article_limits() -> SplitLimits:
    """What one article may add to the record (settings FACTCHECK_ARTICLE_MAX_*)."""
    return SplitLimits(
        repeats=settings.FACTCHECK_ARTICLE_MAX_REPEATS,
        claims=settings.FACTCHECK_ARTICLE_MAX_CLAIMS,
        appearances=settings.FACTCHECK_ARTICLE_MAX_APPEARANCES,
    )


def claims_record_split(*, article, result: SplitResult) -> list[ClaimAppearance]:
    """Create or match a Claim for each candidate and record its appearance in ``article``.

    Each candidate is matched against the known claims (``claims.match_services``): the
    same normalised text, or a near wording above the join threshold, becomes a new
    appearance of that claim; a likely but unsure match becomes a new claim with suggested
    links for editors; anything else a new claim. A sighting already recorded in this
    article (a re-split) keeps the claim it has. Sentence vectors and the index searches are
    done here, before the transaction, so no lock is held while the encoder or the searches
    run; under the lock each candidate also meets the claims indexed since (``_Prefetched``).
    """
    from . import match_services

    prefetched = _Prefetched(vectors=None, watermark=0, searched=[])
    if result.claims:
        texts = [c.text for c in result.claims]
        digests = [claim_hash(t) for t in texts]
        # A wording some claim already has is matched by its hash (read again under the
        # lock): no search for it (a syndicated copy or a re-split searches nothing).
        held = set(match_services.claims_by_hash(digests=set(digests)))
        vectors = match_services.claim_encode(texts)
        # Read before the searches: every claim indexed after it is read again under the lock.
        watermark = match_selectors.index_watermark()
        found = iter(
            match_selectors.claim_index_candidates_many(
                texts=[t for t, d in zip(texts, digests, strict=True) if d not in held]
            )
        )
        prefetched = _Prefetched(
            vectors=vectors, watermark=watermark, searched=[[] if d in held else next(found) for d in digests]
        )
    return _record_split(article=article, result=result, prefetched=prefetched)


@dataclass(slots=True)
class _Prefetched:
    """What ``claims_record_split`` gathers before its transaction, by candidate index: the
    vectors, the index candidates, and the index's high-water mark when they were searched."""

    vectors: Any
    watermark: int
    searched: list[list[Candidate]]

    def candidates(self, i: int, since: list[Candidate]) -> list[Candidate]:
        """Candidate ``i``'s index candidates and the claims indexed since the search (by
        other workers, or earlier in this article), each claim once (as searched when it
        was: then it has its lexical score)."""
        searched = self.searched[i]
        found = {c.claim_id for c in searched}
        return searched + [c for c in since if c.claim_id not in found]


def claimants_get_or_create(*, names: Iterable[str]) -> dict[str, Claimant]:
    """:func:`claimant_get_or_create` for many names in two queries: the claimant of each
    name (by the name as given; a name of blanks has none)."""
    keys = {name: _claimant_key(name) for name in sorted(set(names)) if name.split()}
    if not keys:
        return {}
    first_names: dict[str, str] = {}
    for name, key in keys.items():
        first_names.setdefault(key, " ".join(name.split())[:300])
    # One statement, rows in key order: two workers adding overlapping names wait for each
    # other instead of deadlocking on each other's uncommitted unique keys.
    Claimant.objects.bulk_create(
        [Claimant(name=first_names[key], normalized_name=key) for key in sorted(first_names)],
        ignore_conflicts=True,
    )
    found = {c.normalized_name: c for c in Claimant.objects.filter(normalized_name__in=first_names)}
    return {name: found[key] for name, key in keys.items()}


@dataclass(slots=True)
class _Sighting:
    """One candidate's outcome, before its appearance is written."""

    candidate: ClaimCandidate
    claim: Claim
    created: bool
    match: Match
    claimant: Claimant | None


@transaction.atomic
def _record_split(*, article, result: SplitResult, prefetched: _Prefetched) -> list[ClaimAppearance]:
    from . import match_services

    # Claimants first, in one global order (see claimants_get_or_create), then claims by hash.
    claimants = claimants_get_or_create(names=[c.claimant for c in result.claims if c.claimant])
    keyed = sorted(((claim_hash(c.text), c.start, i), c) for i, c in enumerate(result.claims))
    # Sightings recorded by an earlier split of this article, by place: a re-split gives
    # each candidate back the claim its sighting was matched (or moved) to.
    prior = list(ClaimAppearance.objects.filter(article=article).select_related("claim").order_by("pk"))
    earlier: dict[tuple[int, str], list[ClaimAppearance]] = {}
    for appearance in prior:
        earlier.setdefault((appearance.start, appearance.sentence), []).append(appearance)
    since: list[Candidate] = []
    if keyed:
        match_services.matching_lock()
        # Claims indexed after the searches, committed by other workers before this lock
        # was granted; claims decided on below are added as they are.
        since = match_selectors.claims_indexed_since(watermark=prefetched.watermark)
    # The known claims of every candidate's wording, read once under the lock (so it sees
    # every committed claim); claims decided on below are added as they are.
    known = match_services.claims_by_hash(digests={digest for (digest, _, _), _ in keyed})
    new_claims = _NewClaims(since=since, known=known)
    settings = match_selectors.matching_settings()
    sightings = [
        _record_candidate(
            candidate=candidate,
            digest=digest,
            vector=prefetched.vectors[i],
            candidates=prefetched.candidates(i, since),
            claimant=claimants.get(candidate.claimant) if candidate.claimant else None,
            language=result.language,
            earlier=earlier.get((candidate.start, candidate.sentence)),
            new_claims=new_claims,
            settings=settings,
        )
        for (digest, _, i), candidate in keyed
    ]
    sightings = new_claims.insert(sightings)
    _claims_update_from_sightings(sightings, reason=f"seen again in article {article.pk}")
    return _appearances_record(article=article, sightings=sightings, prior=prior)


def _record_candidate(
    *, candidate, digest, vector, candidates, claimant, language, earlier, new_claims, settings
) -> _Sighting:
    """The claim ``candidate`` is a sighting of: matched (to a known claim, or to one of
    the article's new claims), or a new claim, inserted with the others by
    :meth:`_NewClaims.insert`."""
    from . import match_services

    seen = match_services.earlier_sighting(earlier, digest, vector)
    if seen is not None:
        match = match_services.Match(claim=seen.claim.resolve(), kind=seen.match, score=seen.match_score)
    else:
        match = match_services.claim_match(
            text=candidate.text,
            digest=digest,
            vector=vector,
            settings=settings,
            known=new_claims.known,
            candidates=candidates,
            pending=new_claims.pending,
        )
    if match.claim is not None:
        if match.claim.pk is None:
            # An earlier sighting in this article, not inserted yet: it is inserted as the
            # best of its sightings (what _claims_update_from_sightings does for a known claim).
            match.claim.checkworthiness = max(match.claim.checkworthiness, candidate.checkworthiness)
            if match.claim.claimant_id is None and claimant is not None:
                match.claim.claimant = claimant
        return _Sighting(
            candidate=candidate, claim=match.claim, created=False, match=match, claimant=claimant
        )
    claim = new_claims.add(
        Claim(
            normalized_hash=digest,
            text=candidate.text,
            claimant=claimant,
            language=language,
            checkworthiness=candidate.checkworthiness,
        ),
        vector=vector,
        outcome=match.outcome,
    )
    return _Sighting(candidate=candidate, claim=claim, created=True, match=match, claimant=claimant)


class _NewClaims:
    """An article's new claims, decided on one by one (each a candidate of the article's
    later sightings, under a stand-in id) and inserted together: one insert each of the
    claims, their history entries, their index keys and their suggestions, instead of as
    many per claim."""

    def __init__(self, *, since: list[Candidate], known: dict[str, Claim]):
        self.since = since
        self.known = known
        self.pending: dict[int, Claim] = {}  # by stand-in id: -1, -2, ...
        self.vectors: list[Any] = []
        self.outcomes: list[Any] = []

    def add(self, claim: Claim, *, vector, outcome) -> Claim:
        stand_in = -(len(self.pending) + 1)
        self.pending[stand_in] = claim
        self.vectors.append(vector)
        self.outcomes.append(outcome)
        self.known[claim.normalized_hash] = claim
        self.since.append(Candidate(claim_id=stand_in, text=claim.text, lexical=0.0, vector=vector))
        return claim

    def insert(self, sightings: list[_Sighting]) -> list[_Sighting]:
        """Insert the new claims; ``sightings`` as recorded (a claim whose wording an
        editor gave another claim meanwhile is that claim)."""
        from . import match_services

        if not self.pending:
            return sightings
        claims = list(self.pending.values())
        taken: dict[int, Claim] = {}  # id() of a new claim whose wording was taken -> that claim
        try:
            with transaction.atomic():  # a savepoint, for the rare fallback below
                Claim.objects.bulk_create(claims)
                # A bulk insert sends no post_save: the history entries are written here.
                Claim.history.bulk_history_create(claims)  # type: ignore[attr-defined]
        except IntegrityError:
            # An editor's claim_save (which takes no matching lock) gave another claim one
            # of these wordings since ``known`` was read: one at a time, that one matched.
            for claim in claims:  # (a failed bulk insert sets no ids)
                try:
                    with transaction.atomic():
                        claim.save(force_insert=True)
                except IntegrityError:
                    claim.pk = None
                    taken[id(claim)] = Claim.objects.get(normalized_hash=claim.normalized_hash).resolve()
        created = [
            (c, v, o)
            for c, v, o in zip(claims, self.vectors, self.outcomes, strict=True)
            if id(c) not in taken
        ]
        match_services.matchkeys_create(claims=[c for c, _, _ in created], vectors=[v for _, v, _ in created])
        ids = {stand_in: taken.get(id(c), c).pk for stand_in, c in self.pending.items()}
        match_services.suggestions_create(outcomes=[(c, o) for c, _, o in created], ids=ids)
        for s in sightings:
            if id(s.claim) in taken:
                s.claim, s.created = taken[id(s.claim)], False
        return sightings


def _claims_update_from_sightings(sightings: list[_Sighting], *, reason: str) -> None:
    """A known claim seen again takes the highest checkworthiness of its sightings, and a
    claimant if it had none; one conditional UPDATE per claim that can change, by id, and a
    history entry for each claim changed (``reason``)."""
    best: dict[int, tuple[Claim, float, Claimant | None]] = {}
    for s in sightings:
        if s.created:
            continue
        claim, score, claimant = best.get(s.claim.pk, (s.claim, -1.0, None))
        best[s.claim.pk] = (claim, max(score, s.candidate.checkworthiness), claimant or s.claimant)
    changed = []
    for pk in sorted(best):
        claim, score, claimant = best[pk]
        updated = 0
        # Conditional, not read-then-write: of two sightings recorded at once, the higher
        # score stays. Skipped when the claim as read already scores higher: scores only
        # rise, so the UPDATE could not match.
        if claim.checkworthiness < score:
            updated += Claim.objects.filter(pk=pk, checkworthiness__lt=score).update(checkworthiness=score)
        if claim.claimant_id is None and claimant is not None:
            # Not on a claim already ruled on without one: its verdict is about the claim as
            # it stood (and the database refuses the change).
            updated += Claim.objects.filter(~_ON_RECORD, pk=pk, claimant__isnull=True).update(
                claimant=claimant
            )
        if updated:
            changed.append(pk)
    if changed:
        record_updates(Claim, changed, reason=reason)


def _appearances_record(*, article, sightings: list[_Sighting], prior) -> list[ClaimAppearance]:
    """One appearance per sighting (the one already recorded at that place, or a new row),
    written in one statement; known claims ruled on and seen again are marked resurfaced."""
    from . import match_services

    rows: dict[tuple[int, int], ClaimAppearance] = {(a.claim_id, a.start): a for a in prior}
    new_rows: dict[tuple[int, int], ClaimAppearance] = {}
    resurfaced: set[int] = set()
    for s in sightings:
        place = (s.claim.pk, s.candidate.start)
        if place in rows or place in new_rows:
            continue
        new_rows[place] = ClaimAppearance(
            article=article,
            claim=s.claim,
            start=s.candidate.start,
            end=s.candidate.end,
            sentence=s.candidate.sentence,
            claimant=s.claimant,
            claimant_text=(s.candidate.claimant or "")[:300],
            is_quote=s.candidate.quote,
            score=s.candidate.checkworthiness,
            score_reasons=[[name, round(weight, 4)] for name, weight in s.candidate.reasons],
            match=ClaimAppearance.Match.NEW if s.created else s.match.kind,
            match_score=None if s.created else s.match.score,
        )
        if not s.created:
            resurfaced.add(s.claim.pk)
    if new_rows:
        # The article is held by this worker (its lease), so no other writer adds its
        # appearances; ignore_conflicts covers a delivery that lost the lease meanwhile.
        ClaimAppearance.objects.bulk_create(new_rows.values(), ignore_conflicts=True)
        stored = {
            (a.claim_id, a.start): a
            for a in ClaimAppearance.objects.filter(
                article=article, claim_id__in={claim_id for claim_id, _ in new_rows}
            )
        }
        # A bulk insert sends no post_save: the history entries of the new rows are
        # written here, as save() would have.
        ClaimAppearance.history.bulk_history_create(  # type: ignore[attr-defined]
            [a for place, a in stored.items() if place in new_rows and place not in rows]
        )
        rows.update(stored)
    if resurfaced:
        match_services.claims_mark_resurfaced(claim_ids=resurfaced)
    return [rows[(s.claim.pk, s.candidate.start)] for s in sightings]


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
    # The moment the editor published, before any wait for a lock. The change feed does
    # not order by it (nor by id): both are known before commit (see changes_append).
    if verdict.is_published and verdict.published_at is None:
        verdict.published_at = timezone.now()
    # The claim's row first, as claim_save takes it: a publication and an edit of the claim
    # run one after the other, never interleaved; two publications on one claim too.
    list(Claim.objects.select_for_update().filter(pk=verdict.claim_id).values_list("pk", flat=True))
    verdict.save()
    if not verdict.is_published:
        return verdict
    # Under the claim's row lock, a second publisher of the same claim sees the first's
    # verdict as the one it supersedes.
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
    # The bulk updates above bypass save(): their history entries are written here.
    record_updates(Claim, [verdict.claim_id], by=by, reason="verdict published")
    if replaced:
        record_updates(Verdict, replaced, by=by, reason=f"superseded by verdict {verdict.pk}")
    changes_append(
        [
            Change(kind=Change.Kind.VERDICT_SUPERSEDED, claim_id=verdict.claim_id, verdict_id=pk)
            for pk in replaced
        ]
        + [Change(kind=Change.Kind.VERDICT_PUBLISHED, claim_id=verdict.claim_id, verdict_id=verdict.pk)]
    )
    return verdict


def claim_merge_log(*, source: Claim, target: Claim) -> list[Change]:
    """The change feed's side of a claim merge (``match_services.claim_merge``, in its
    transaction): "``source`` now lives under ``target``", and, as the verdicts moved with
    the claim, every standing verdict of ``target`` but the latest marked superseded by it,
    so a claim never shows two current verdicts."""
    standing = list(
        Verdict.objects.filter(claim_id=target.pk, is_published=True, superseded_by__isnull=True).order_by(
            "-published_at", "-pk"
        )
    )
    replaced = [v.pk for v in standing[1:]]
    if replaced:
        latest = standing[0]
        Verdict.objects.filter(pk__in=replaced).update(superseded_by=latest, superseded_at=timezone.now())
    return changes_append(
        [Change(kind=Change.Kind.CLAIM_MERGED, claim_id=source.pk, merged_into_id=target.pk)]
        + [Change(kind=Change.Kind.VERDICT_SUPERSEDED, claim_id=target.pk, verdict_id=pk) for pk in replaced]
    )


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
