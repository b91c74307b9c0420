"""Writes for claim matching: the index keys, matching on ingestion, and editors' regrouping.

Editors' actions (merge, move, split, accept, reject) each take their rows with
``select_for_update`` in primary-key order, check the state they act on after taking them
(a claim merged meanwhile is refused, not merged twice), and record a ``MatchChange``
(who, what, when) in the same transaction.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from claims.matching.encoder import DIMENSIONS, default_encoder
from claims.matching.index import Candidate, SqlIndex, vector_bytes, vector_from
from claims.matching.matcher import Decision, Outcome, Settings, decide, rank
from claims.matching.text import terms

from .history import record_updates
from .match_selectors import claim_match_candidates, matching_settings, suggestion_pairs_known
from .models import Claim, ClaimAppearance, ClaimMatchKey, Evidence, MatchChange, MatchSuggestion, Verdict

# A constant key for PostgreSQL's transaction-level advisory lock around "match, else
# create": two workers recording two wordings of one new claim at the same moment would
# each find nothing (the other's row is uncommitted) and create two claims. The lock makes
# the second wait for the first's commit and then find its claim. It is held from the
# first match of an article to its commit; vectors and index searches come before it
# (``claims.services.claims_record_split``), and under it only the claims indexed since
# those searches are read.
MATCH_LOCK_KEY = 0x6D61746368  # "match"


# Vectors of recently encoded wordings, by text. The same sentence comes back often: a
# wire story syndicated by several outlets, an article fetched or split again, a quote
# repeated across the day's coverage; each costs a few milliseconds of the encoder.
_VECTORS: OrderedDict[str, np.ndarray] = OrderedDict()
_VECTORS_SIZE = 20_000  # 384 float32 = 1.5 KB each: 30 MB per worker at most
_VECTORS_LOCK = threading.Lock()


def claim_encode(texts: list[str]) -> np.ndarray:
    """One unit vector per text, in one encoder call for the texts not seen recently."""
    with _VECTORS_LOCK:
        found = {t: _VECTORS[t] for t in dict.fromkeys(texts) if t in _VECTORS}
        for text in found:
            _VECTORS.move_to_end(text)
    missing = [t for t in dict.fromkeys(texts) if t not in found]
    if missing:
        fresh = dict(zip(missing, default_encoder().encode(missing), strict=True))
        found.update(fresh)
        with _VECTORS_LOCK:
            _VECTORS.update(fresh)
            while len(_VECTORS) > _VECTORS_SIZE:
                _VECTORS.popitem(last=False)
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    for i, text in enumerate(texts):
        out[i] = found[text]
    return out


def matching_lock() -> None:
    """Serialise matching-and-creating across workers (PostgreSQL; SQLite serialises writes)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [MATCH_LOCK_KEY])


def matchkey_refresh(*, claim: Claim, vector: np.ndarray | None = None, new: bool = False) -> ClaimMatchKey:
    """Write ``claim``'s index entry from its current text (called whenever the text changes).

    ``new``: the claim was created in this transaction, so it has no entry yet: one INSERT
    instead of a locked read and an insert."""
    if vector is None:
        vector = claim_encode([claim.text])[0]
    if new:
        return matchkeys_create(claims=[claim], vectors=[vector])[0]
    claim_terms = terms(claim.text)
    values = {"terms": " ".join(claim_terms), "vector": vector_bytes(vector), "model": default_encoder().name}
    key, _ = ClaimMatchKey.objects.update_or_create(claim=claim, defaults=values)
    with connection.cursor() as cursor:
        SqlIndex(vendor=connection.vendor).add_fts(cursor, claim.pk, claim_terms)
    return key


def matchkeys_create(*, claims: Sequence[Claim], vectors: Sequence[np.ndarray]) -> list[ClaimMatchKey]:
    """The index entries of claims created in this transaction (none has one yet), in one
    insert (and one more for SQLite's full-text table)."""
    if not claims:
        return []
    model = default_encoder().name
    claim_terms = [terms(claim.text) for claim in claims]
    keys = ClaimMatchKey.objects.bulk_create(
        ClaimMatchKey(claim=claim, terms=" ".join(words), vector=vector_bytes(vector), model=model)
        for claim, words, vector in zip(claims, claim_terms, vectors, strict=True)
    )
    with connection.cursor() as cursor:
        SqlIndex(vendor=connection.vendor).add_fts_new(
            cursor, [(claim.pk, words) for claim, words in zip(claims, claim_terms, strict=True)]
        )
    return keys


def matchkey_remove(*, claim_id: int) -> None:
    ClaimMatchKey.objects.filter(claim_id=claim_id).delete()
    with connection.cursor() as cursor:
        SqlIndex(vendor=connection.vendor).remove_fts(cursor, claim_id)


@dataclass(frozen=True, slots=True)
class Match:
    """Where a new sighting goes: an existing claim (``claim`` set) or a new one, with the
    outcome of the near match (for suggestions)."""

    claim: Claim | None
    kind: str  # a ClaimAppearance.Match value
    score: float | None = None
    outcome: Outcome | None = None


def claims_by_hash(*, digests: set[str]) -> dict[str, Claim]:
    """The claims of these normalised hashes (as stored: merged ones not yet resolved)."""
    if not digests:
        return {}
    return {c.normalized_hash: c for c in Claim.objects.filter(normalized_hash__in=digests)}


def claim_match(
    *,
    text: str,
    digest: str,
    vector: np.ndarray,
    settings: Settings | None = None,
    known: dict[str, Claim] | None = None,
    candidates: list[Candidate] | None = None,
    pending: Mapping[int, Claim] | None = None,
) -> Match:
    """Exact text first (the same normalised hash), then the near match of the index.

    ``known``: the claims of the hashes a caller has already read (``claims_by_hash``),
    complete for ``digest``: a hash missing from it has no claim, and no query is made.
    ``candidates``: the index candidates a caller has already gathered (searched before
    the matching lock, with the claims indexed since); without them the index is searched.
    ``pending``: claims a caller has decided to create but not yet inserted, by the stand-in
    ids their candidates carry (an article's new claims, inserted together)."""
    exact = known.get(digest) if known is not None else Claim.objects.filter(normalized_hash=digest).first()
    if exact is not None:
        return Match(claim=exact.resolve(), kind=ClaimAppearance.Match.EXACT, score=1.0)
    settings = settings or matching_settings()
    if candidates is None:
        ranked = claim_match_candidates(text=text, vector=vector, settings=settings)
    else:
        ranked = rank(vector, candidates, settings.weight)
    outcome = decide(text, ranked, settings)
    if outcome.decision is Decision.JOIN and outcome.best is not None:
        best_id = outcome.best.candidate.claim_id
        if pending and best_id in pending:
            return Match(
                claim=pending[best_id],
                kind=ClaimAppearance.Match.NEAR,
                score=outcome.best.cosine,
                outcome=outcome,
            )
        # A candidate searched before the lock may since have been merged (resolve) or
        # deleted (then this wording is a new claim).
        found = Claim.objects.filter(pk=best_id).first()
        if found is not None:
            claim = found.resolve()
            return Match(
                claim=claim, kind=ClaimAppearance.Match.NEAR, score=outcome.best.cosine, outcome=outcome
            )
    return Match(claim=None, kind=ClaimAppearance.Match.NEW, outcome=outcome)


def earlier_sighting(
    sightings: list[ClaimAppearance] | None, digest: str, vector: np.ndarray
) -> ClaimAppearance | None:
    """Of the sightings an earlier split recorded at this place (several when a sentence was
    decomposed into claims), the one this candidate is: the same text, else the closest
    claim. Taken from the list so that no two candidates take the same one."""
    if not sightings:
        return None
    chosen = next((s for s in sightings if s.claim.normalized_hash == digest), None)
    if chosen is None:
        keys = dict(
            ClaimMatchKey.objects.filter(claim_id__in=[s.claim.resolve().pk for s in sightings]).values_list(
                "claim_id", "vector"
            )
        )
        chosen = max(
            sightings,
            key=lambda s: (
                float(vector_from(keys[s.claim.resolve().pk]) @ vector)
                if s.claim.resolve().pk in keys
                else -1
            ),
        )
    sightings.remove(chosen)
    return chosen


def suggestions_create(
    *, outcomes: Sequence[tuple[Claim, Outcome | None]], ids: Mapping[int, int] | None = None
) -> list[MatchSuggestion]:
    """Suggest to editors the best candidates of claims created in this transaction (no
    pair with them exists yet, so none was decided), in one insert. ``ids``: the stand-in ids of candidates that were not yet
    inserted when they were ranked, and their ids now.

    Candidates were searched before the matching lock: one merged since is suggested as the
    claim it now lives under, one deleted since not at all."""
    ids = ids or {}
    pairs = [
        (claim, ids.get(scored.candidate.claim_id, scored.candidate.claim_id), scored.cosine)
        for claim, outcome in outcomes
        if outcome is not None and outcome.decision is Decision.SUGGEST
        for scored in outcome.ranked
    ]
    if not pairs:
        return []
    found = dict(
        Claim.objects.filter(pk__in={other for _, other, _ in pairs}).values_list("pk", "merged_into")
    )
    survivors = {pk: pk for pk, merged_into in found.items() if merged_into is None}
    merged = [pk for pk, merged_into in found.items() if merged_into is not None]
    if merged:
        survivors.update({c.pk: c.resolve().pk for c in Claim.objects.filter(pk__in=merged)})
    rows: dict[tuple[int, int], MatchSuggestion] = {}
    for claim, other, cosine in pairs:
        other = survivors.get(other, claim.pk)  # a deleted candidate: no pair
        if other != claim.pk:
            rows.setdefault(
                (claim.pk, other), MatchSuggestion(claim=claim, candidate_id=other, cosine=_cosine(cosine))
            )
    return MatchSuggestion.objects.bulk_create(rows.values()) if rows else []


def _cosine(value: float) -> float:
    return round(max(0.0, min(1.0, value)), 4)


def claim_mark_resurfaced(*, claim: Claim) -> None:
    """A claim already ruled on was seen again: editors see when in the claim list."""
    from .services import claim_is_on_record

    if claim_is_on_record(claim):
        Claim.objects.filter(pk=claim.pk).update(resurfaced_at=timezone.now())
        record_updates(Claim, [claim.pk], reason="resurfaced: seen again after its verdict")


def claims_mark_resurfaced(*, claim_ids: set[int]) -> None:
    """:func:`claim_mark_resurfaced` for many claims, in one statement."""
    on_record = Verdict.objects.filter(claim=OuterRef("pk"), is_published=True)
    pks = list(Claim.objects.filter(Exists(on_record), pk__in=claim_ids).values_list("pk", flat=True))
    if pks:
        Claim.objects.filter(pk__in=pks).update(resurfaced_at=timezone.now())
        record_updates(Claim, pks, reason="resurfaced: seen again after its verdict")


# --- editors ---------------------------------------------------------------------------


def _locked(*claim_ids: int) -> dict[int, Claim]:
    # One global order (by id) so two editors merging overlapping claims wait, not deadlock.
    return {c.pk: c for c in Claim.objects.select_for_update().filter(pk__in=claim_ids).order_by("pk")}


def change_log_claim_moved(*, source: Claim, target: Claim, by) -> None:
    """The API's change feed: "claim ``source`` now lives under ``target``"."""
    from .services import claim_merge_log

    claim_merge_log(source=source, target=target)


def _settle_status(claim: Claim) -> None:
    """After verdicts moved in, the claim shows the latest published one's ruling."""
    latest = claim.verdicts.filter(is_published=True).order_by("-published_at", "-pk").first()
    if latest is not None:
        Claim.objects.filter(pk=claim.pk).update(
            status=latest.status, review_state=Claim.ReviewState.PUBLISHED, updated_at=timezone.now()
        )


def _move_suggestions(*, source: Claim, target: Claim) -> None:
    """Suggestions of ``source`` become ``target``'s: a rejected pair stays rejected."""
    rows = MatchSuggestion.objects.filter(Q(claim=source) | Q(candidate=source))
    for row in rows:
        other = row.candidate_id if row.claim_id == source.pk else row.claim_id
        if other == target.pk or suggestion_pairs_known(claim_id=target.pk, candidate_ids=[other]):
            if row.state == MatchSuggestion.State.PENDING or other == target.pk:
                row.delete()
                continue
            # A decided pair whose twin already exists for the target: the twin stands.
            row.delete()
            continue
        if row.claim_id == source.pk:
            row.claim = target
        else:
            row.candidate = target
        row.save(update_fields=["claim", "candidate"])


@transaction.atomic
def claim_merge(*, source: Claim, target: Claim, by, note: str = "") -> Claim:
    """Merge ``source`` into ``target``: its appearances, evidence and verdicts move; its id
    resolves to ``target`` from now on (``merged_into``). Returns the surviving claim."""
    rows = _locked(source.pk, target.pk)
    source, target = rows[source.pk], rows[target.pk]
    if source.pk == target.pk:
        raise ValidationError("A claim cannot be merged into itself.")
    if source.merged_into_id is not None or target.merged_into_id is not None:
        raise ValidationError("One of these claims was already merged: work on the claim it was merged into.")
    # The same sighting recorded on both claims (same article and place) is kept once.
    target_places = set(target.appearances.values_list("article_id", "start"))
    for appearance in source.appearances.all():
        if (appearance.article_id, appearance.start) in target_places:
            appearance.delete()
    moved = {
        model: list(model.objects.filter(claim=source).values_list("pk", flat=True))
        for model in (ClaimAppearance, Evidence, Verdict)
    }
    redirected = list(Claim.objects.filter(merged_into=source).values_list("pk", flat=True))
    source.appearances.update(claim=target)
    Evidence.objects.filter(claim=source).update(claim=target)
    Verdict.objects.filter(claim=source).update(claim=target)
    _move_suggestions(source=source, target=target)
    Claim.objects.filter(merged_into=source).update(merged_into=target)
    updates: dict = {"merged_into": target, "updated_at": timezone.now()}
    Claim.objects.filter(pk=source.pk).update(**updates)
    Claim.objects.filter(pk=target.pk, checkworthiness__lt=source.checkworthiness).update(
        checkworthiness=source.checkworthiness
    )
    from .services import claim_is_on_record

    if target.claimant_id is None and source.claimant_id is not None and not claim_is_on_record(target):
        # Not on a claim already ruled on without one (the record guard refuses it too).
        Claim.objects.filter(pk=target.pk).update(claimant_id=source.claimant_id)
    _settle_status(target)
    # The UPDATEs above leave no history entries by themselves (claims/history.py).
    reason = f"merged claim {source.pk} into claim {target.pk}"
    for model, pks in moved.items():
        record_updates(model, pks, by=by, reason=reason)
    record_updates(Claim, [source.pk, target.pk, *redirected], by=by, reason=reason)
    matchkey_remove(claim_id=source.pk)
    MatchChange.objects.create(action=MatchChange.Action.MERGE, claim=source, target=target, by=by, note=note)
    change_log_claim_moved(source=source, target=target, by=by)
    target.refresh_from_db()
    return target


@transaction.atomic
def appearance_move(*, appearance: ClaimAppearance, target: Claim, by) -> ClaimAppearance:
    """Move one sighting to another claim (an editor found it says something else)."""
    appearance = ClaimAppearance.objects.select_for_update().get(pk=appearance.pk)
    source_id = appearance.claim_id
    target = _locked(source_id, target.pk)[target.pk].resolve()
    if target.pk == source_id:
        raise ValidationError("The appearance already belongs to that claim.")
    if ClaimAppearance.objects.filter(
        article_id=appearance.article_id, start=appearance.start, claim=target
    ).exists():
        raise ValidationError("That claim already has this sighting.")
    ClaimAppearance.objects.filter(pk=appearance.pk).update(claim=target, match=ClaimAppearance.Match.EDITOR)
    record_updates(
        ClaimAppearance, [appearance.pk], by=by, reason=f"moved from claim {source_id} to {target.pk}"
    )
    MatchChange.objects.create(
        action=MatchChange.Action.MOVE, claim_id=source_id, target=target, appearance_id=appearance.pk, by=by
    )
    appearance.refresh_from_db()
    return appearance


@transaction.atomic
def appearance_split(*, appearance: ClaimAppearance, by) -> Claim:
    """Split one sighting off into a claim of its own, worded as the sentence it came from.

    The pair (old claim, new claim) is recorded as a rejected suggestion: an editor said
    they differ, so the matcher will not suggest joining them again.
    """
    appearance = ClaimAppearance.objects.select_for_update().get(pk=appearance.pk)
    source = _locked(appearance.claim_id)[appearance.claim_id]
    from .services import claim_hash

    text = appearance.sentence.strip()
    digest = claim_hash(text)
    if Claim.objects.filter(normalized_hash=digest).exists():
        # The sentence's own wording is taken (often by the claim it is split from): the new
        # claim gets a hash of its own; the exact wording keeps leading to the existing one.
        digest = hashlib.sha256(f"{digest}:split:{appearance.pk}".encode()).hexdigest()
    claim = Claim.objects.create(
        text=text,
        normalized_hash=digest,
        claimant_id=appearance.claimant_id,
        language=source.language,
        checkworthiness=appearance.score,
    )
    ClaimAppearance.objects.filter(pk=appearance.pk).update(claim=claim, match=ClaimAppearance.Match.EDITOR)
    record_updates(ClaimAppearance, [appearance.pk], by=by, reason=f"split off into claim {claim.pk}")
    matchkey_refresh(claim=claim)
    MatchSuggestion.objects.create(
        claim=claim,
        candidate=source,
        cosine=0.0,
        state=MatchSuggestion.State.REJECTED,
        decided_by=by,
        decided_at=timezone.now(),
    )
    MatchChange.objects.create(
        action=MatchChange.Action.SPLIT, claim=source, target=claim, appearance_id=appearance.pk, by=by
    )
    return claim


def _decide(suggestion: MatchSuggestion, state: str, by) -> MatchSuggestion:
    updated = MatchSuggestion.objects.filter(pk=suggestion.pk, state=MatchSuggestion.State.PENDING).update(
        state=state, decided_by=by, decided_at=timezone.now()
    )
    if updated != 1:
        raise ValidationError("This suggestion was already decided.")
    suggestion.refresh_from_db()
    return suggestion


@transaction.atomic
def suggestion_accept(*, suggestion: MatchSuggestion, by) -> Claim:
    """The two claims are one: the newer is merged into the known one."""
    suggestion = _decide(suggestion, MatchSuggestion.State.ACCEPTED, by)
    MatchChange.objects.create(
        action=MatchChange.Action.ACCEPT, claim=suggestion.claim, target=suggestion.candidate, by=by
    )
    source, target = suggestion.claim.resolve(), suggestion.candidate.resolve()
    if source.pk == target.pk:
        return target
    return claim_merge(source=source, target=target, by=by, note=f"suggestion {suggestion.pk} accepted")


@transaction.atomic
def suggestion_reject(*, suggestion: MatchSuggestion, by) -> MatchSuggestion:
    """The two claims differ: they stay apart and are not suggested again."""
    suggestion = _decide(suggestion, MatchSuggestion.State.REJECTED, by)
    MatchChange.objects.create(
        action=MatchChange.Action.REJECT, claim=suggestion.claim, target=suggestion.candidate, by=by
    )
    return suggestion
