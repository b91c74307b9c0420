"""The desk's workflow: every change of a claim's review state, assignment and verdict.

    new -> in review -> verdict drafted -> published
    any state before published -> dismissed (with a reason); dismissed -> new (reopened)

The admin shows these as buttons and bulk actions; it never sets ``review_state``
itself. Each function locks the claim row (``select_for_update``) so two editors
acting at once are serialised, checks the transition, bumps ``Claim.version`` (the
optimistic lock the admin's forms hold) and saves the row, which writes its history
entry with the acting editor. Publishing goes through ``services.verdict_save``, the
one place that puts a verdict on the record.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import F

from . import roles, services
from .models import Claim, Evidence, Verdict

State = Claim.ReviewState

TRANSITIONS: dict[str, frozenset[str]] = {
    State.NEW: frozenset({State.IN_REVIEW, State.DISMISSED}),
    State.IN_REVIEW: frozenset({State.NEW, State.VERDICT_DRAFTED, State.DISMISSED}),
    State.VERDICT_DRAFTED: frozenset({State.IN_REVIEW, State.PUBLISHED, State.DISMISSED}),
    State.DISMISSED: frozenset({State.NEW}),
    # A published claim stays published: a correction is a new published verdict.
    State.PUBLISHED: frozenset(),
}
# What an editor may set by hand (bulk action, button); drafted and published follow
# from writing and publishing a verdict.
MANUAL_STATES = (State.NEW, State.IN_REVIEW)


class WorkflowError(Exception):
    """A step the workflow does not allow; the message is written for editors."""


class ConflictError(WorkflowError):
    """The row changed since the editor's page was opened."""

    def __init__(self, message: str, *, current_version: int):
        super().__init__(message)
        self.current_version = current_version


def _lock(claim: Claim | int) -> Claim:
    return Claim.objects.select_for_update().get(pk=claim if isinstance(claim, int) else claim.pk)


def check_version(current: int, expected: int | None, what: str) -> None:
    if expected is not None and expected != current:
        raise ConflictError(
            f"This {what} was changed by someone else since you opened it (your version {expected}, "
            f"now {current}).",
            current_version=current,
        )


def _save(claim: Claim, *, by, fields: list[str], reason: str) -> Claim:
    """Save the locked ``claim``: one version up, one history entry by ``by``."""
    claim.version += 1
    claim._history_user = by  # type: ignore[attr-defined]
    claim._change_reason = reason  # type: ignore[attr-defined]
    claim.save(update_fields=[*fields, "version", "updated_at"])
    return claim


def allowed(claim: Claim, to: str) -> bool:
    return to in TRANSITIONS[claim.review_state]


@transaction.atomic
def claim_transition(
    *, claim: Claim | int, to: str, by, reason: str = "", expected_version: int | None = None
) -> Claim:
    """Move a claim to review state ``to`` (not ``published``: see ``verdict_publish``)."""
    locked = _lock(claim)
    check_version(locked.version, expected_version, "claim")
    if to == State.PUBLISHED:
        raise WorkflowError("A claim is published by publishing a verdict on it.")
    if not allowed(locked, to):
        raise WorkflowError(
            f"A claim that is {locked.get_review_state_display().lower()} cannot be moved to "
            f"{State(to).label.lower()}."
        )
    if to == State.VERDICT_DRAFTED and not locked.verdicts.filter(is_published=False).exists():
        raise WorkflowError("Write a draft verdict first.")
    if to == State.DISMISSED:
        if reason not in Claim.DismissReason.values:
            raise WorkflowError("Say why the claim is dismissed.")
        locked.dismiss_reason = reason
    else:
        locked.dismiss_reason = ""
    fields = ["review_state", "dismiss_reason"]
    if to == State.IN_REVIEW and locked.assignee_id is None and by is not None:
        # Whoever starts reviewing an unassigned claim takes it.
        locked.assignee = by
        fields.append("assignee")
    locked.review_state = to
    label = State(to).label.lower()
    if to == State.DISMISSED:
        label += f": {Claim.DismissReason(reason).label.lower()}"
    return _save(locked, by=by, fields=fields, reason=label)


@transaction.atomic
def claim_assign(*, claim: Claim | int, assignee, by, expected_version: int | None = None) -> Claim:
    locked = _lock(claim)
    check_version(locked.version, expected_version, "claim")
    locked.assignee = assignee
    reason = f"assigned to {assignee.get_username()}" if assignee is not None else "unassigned"
    return _save(locked, by=by, fields=["assignee"], reason=reason)


@transaction.atomic
def claim_edit(*, claim: Claim, by, expected_version: int | None) -> Claim:
    """An editor's edit of a claim's own fields (the admin form), refusing a stale page.

    The change itself is ``services.claim_save``'s (matching keys, the record guard); this
    adds the optimistic lock: the version the page was opened at is checked under the row
    lock and moves on with any change.
    """
    claim._history_user = by  # type: ignore[attr-defined]
    if claim.pk is None:
        return services.claim_save(claim=claim, by=by)
    current = Claim.objects.select_for_update().only("version").get(pk=claim.pk)
    check_version(current.version, expected_version, "claim")
    if not services.claim_check(claim=claim):
        return claim  # nothing of the claim itself changed (evidence only, say)
    claim.version = current.version + 1
    services.claim_save(claim=claim, by=by)
    Claim.objects.filter(pk=claim.pk).update(version=claim.version)
    return claim


def _each(claims: Iterable[Claim] | Iterable[int], step) -> tuple[int, list[str]]:
    """Run ``step`` on each claim in its own transaction; count the done, collect refusals."""
    done, refused = 0, []
    for claim in claims:
        try:
            step(claim)
        except WorkflowError as error:
            refused.append(str(error))
        else:
            done += 1
    return done, refused


def claims_assign(*, claims, assignee, by) -> tuple[int, list[str]]:
    return _each(claims, lambda claim: claim_assign(claim=claim, assignee=assignee, by=by))


def claims_transition(*, claims, to: str, by, reason: str = "") -> tuple[int, list[str]]:
    return _each(claims, lambda claim: claim_transition(claim=claim, to=to, by=by, reason=reason))


def _check_evidence(claim_id: int, evidence: Iterable[Evidence]) -> list[Evidence]:
    evidence = list(evidence)
    if any(item.claim_id != claim_id for item in evidence):
        raise WorkflowError("A verdict can cite only the evidence attached to its own claim.")
    return evidence


@transaction.atomic
def verdict_draft(
    *,
    claim: Claim | int,
    status: str,
    explanation: str,
    by,
    evidence: Iterable[Evidence] = (),
    verdict: Verdict | None = None,
    expected_version: int | None = None,
) -> Verdict:
    """Write a new draft verdict on ``claim`` or revise ``verdict``, an unpublished draft.

    The claim moves to "verdict drafted" (a claim still new is taken into review by the
    author on the way). A draft on a published claim is a correction: the claim stays
    published until the correction is.
    """
    locked = _lock(claim)
    if locked.review_state == State.DISMISSED:
        raise WorkflowError("This claim was dismissed: reopen it before writing a verdict.")
    cited = _check_evidence(locked.pk, evidence)
    if verdict is None or verdict.pk is None:
        verdict = verdict or Verdict()
        verdict.claim, verdict.author = locked, by
    else:
        verdict = Verdict.objects.select_for_update().get(pk=verdict.pk)
        if verdict.is_published:
            raise WorkflowError("A published verdict is never edited: write a correction.")
        check_version(verdict.version, expected_version, "draft verdict")
        verdict.version += 1
    verdict.status, verdict.explanation = status, explanation
    verdict._history_user = by  # type: ignore[attr-defined,union-attr]
    services.verdict_save(verdict=verdict, by=by)
    verdict.evidence.set(cited)
    if locked.review_state in (State.NEW, State.IN_REVIEW):
        fields = ["review_state"]
        if locked.assignee_id is None:
            locked.assignee = by
            fields.append("assignee")
        locked.review_state = State.VERDICT_DRAFTED
        _save(locked, by=by, fields=fields, reason="verdict drafted")
    return verdict


def publish_refusal(verdict: Verdict, user) -> str | None:
    """Why ``user`` may not publish ``verdict``, or None if they may."""
    if verdict.is_published:
        return "This verdict is already published."
    if not roles.can_publish(user):
        return "Publishing needs the publish permission (the Publishers group)."
    if settings.FACTCHECK_PUBLISH_NEEDS_SECOND_EDITOR and verdict.author_id == user.pk:
        return "A verdict is published by a second editor, not by its author."
    return None


@transaction.atomic
def verdict_publish(*, verdict: Verdict | int, by) -> Verdict:
    """Put a draft verdict on the public record; the claim takes its status."""
    pk = verdict if isinstance(verdict, int) else verdict.pk
    claim = _lock(Verdict.objects.only("claim_id").get(pk=pk).claim_id)
    locked = Verdict.objects.select_for_update().get(pk=pk)
    refusal = publish_refusal(locked, by)
    if refusal:
        raise WorkflowError(refusal)
    if claim.review_state == State.DISMISSED:
        raise WorkflowError("This claim was dismissed: reopen it before publishing.")
    locked.is_published = True
    locked.version += 1
    locked._history_user = by  # type: ignore[attr-defined]
    # The claim's version moves so that a claim page opened before publishing cannot
    # overwrite it; verdict_save then rules on the claim (and records that change).
    Claim.objects.filter(pk=claim.pk).update(version=F("version") + 1)
    # verdict_save marks the verdicts this one corrects superseded (they stay on the
    # record) and writes their history entries and the change feed's.
    return services.verdict_save(verdict=locked, by=by)
