from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from rest_framework_api_key.models import AbstractAPIKey
from simple_history.models import HistoricalRecords


class Claimant(models.Model):
    """Who made a claim: a person or an organisation."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"
        UNKNOWN = "unknown", "Unknown"

    name = models.CharField(max_length=300)
    normalized_name = models.CharField(
        max_length=300, unique=True, editable=False, help_text="Lower-cased name used to match claimants."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.UNKNOWN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ClaimQuerySet(models.QuerySet):
    def triage_queue(self):
        """New claims waiting for an editor, most check-worthy first (merged ones are gone)."""
        return self.filter(review_state=Claim.ReviewState.NEW, merged_into__isnull=True).order_by(
            "-checkworthiness", "-created_at"
        )


class Claim(models.Model):
    """One distinct claim, however many articles repeat it."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", "Unconfirmed"
        CONFIRMED = "confirmed", "Confirmed"
        DISPUTED = "disputed", "Disputed"

    class ReviewState(models.TextChoices):
        NEW = "new", "New"
        IN_REVIEW = "in_review", "In review"
        VERDICT_DRAFTED = "verdict_drafted", "Verdict drafted"
        PUBLISHED = "published", "Published"
        DISMISSED = "dismissed", "Dismissed"

    class DismissReason(models.TextChoices):
        NOT_CHECKWORTHY = "not_checkworthy", "Not check-worthy"
        NOT_A_CLAIM = "not_a_claim", "Not a claim"
        DUPLICATE = "duplicate", "Duplicate"
        OUT_OF_SCOPE = "out_of_scope", "Out of scope"

    text = models.TextField(help_text="Canonical wording of the claim.")
    normalized_hash = models.CharField(
        max_length=64,
        unique=True,
        editable=False,
        help_text="SHA-256 of the normalised text: one row per claim.",
    )
    claimant = models.ForeignKey(
        Claimant, on_delete=models.SET_NULL, null=True, blank=True, related_name="claims"
    )
    language = models.CharField(max_length=16, blank=True)
    checkworthiness = models.FloatField(
        default=0.0,
        help_text="0 to 1: how much this is a checkable factual claim (highest of its sightings).",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.UNCONFIRMED)
    review_state = models.CharField(max_length=20, choices=ReviewState.choices, default=ReviewState.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_claims",
    )
    dismiss_reason = models.CharField(
        max_length=20, choices=DismissReason.choices, blank=True, help_text="Why the claim was dismissed."
    )
    # Optimistic locking: every editorial write goes through a service that bumps it;
    # a form opened at an older version is refused with what changed since.
    version = models.PositiveIntegerField(default=1, editable=False)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_claims",
        editable=False,
        help_text="This claim was merged into another: its id resolves to that claim.",
    )
    resurfaced_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When this claim, already ruled on by a published verdict, was last seen again.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-checkworthiness", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(checkworthiness__gte=0) & Q(checkworthiness__lte=1),
                name="claim_checkworthiness_0_1",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["unconfirmed", "confirmed", "disputed"]), name="claim_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(
                    review_state__in=["new", "in_review", "verdict_drafted", "published", "dismissed"]
                ),
                name="claim_review_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(review_state="dismissed") | Q(dismiss_reason=""),
                name="claim_dismiss_reason_only_when_dismissed",
            ),
            models.CheckConstraint(condition=~Q(merged_into=F("id")), name="claim_not_merged_into_itself"),
        ]
        indexes = [
            # The editors' triage queue: new claims, most check-worthy first.
            models.Index(fields=["review_state", "-checkworthiness", "-created_at"], name="claim_triage_idx"),
            # The admin claim list's default order.
            models.Index(fields=["-checkworthiness", "-created_at"], name="claim_rank_idx"),
            # Claims by status (admin filter, verdict API), newest change first (change feed).
            models.Index(fields=["status", "-updated_at"], name="claim_status_updated_idx"),
            # "Everything changed since X" for API clients.
            models.Index(fields=["updated_at"], name="claim_updated_idx"),
            # The admin list filtered by status, in the queue's order.
            models.Index(fields=["status", "-checkworthiness", "-created_at"], name="claim_status_rank_idx"),
            # The first-seen filter and the desk's "claims found per day" chart.
            models.Index(fields=["created_at"], name="claim_created_idx"),
            # "My claims": an editor's open claims, in the queue's order.
            models.Index(fields=["assignee", "review_state", "-checkworthiness"], name="claim_assignee_idx"),
            # The admin's "resurfaced" filter and column, most recent first.
            models.Index(fields=["-resurfaced_at"], name="claim_resurfaced_idx"),
        ]

    def __str__(self) -> str:
        return self.text[:120]

    def resolve(self) -> Claim:
        """The claim that stands for this one (itself, or the one it was merged into)."""
        claim, seen = self, {self.pk}
        while claim.merged_into_id is not None and claim.merged_into_id not in seen:
            seen.add(claim.merged_into_id)
            claim = Claim.objects.get(pk=claim.merged_into_id)
        return claim


class ClaimAppearance(models.Model):
    """A claim seen in an article: the verbatim sentence and where it stands."""

    class Match(models.TextChoices):
        NEW = "new", "New claim"
        EXACT = "exact", "Same text"
        NEAR = "near", "Near wording"
        EDITOR = "editor", "Moved by an editor"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="appearances")
    article = models.ForeignKey("sources.Article", on_delete=models.CASCADE, related_name="appearances")
    sentence = models.TextField(help_text="The sentence as written in the article.")
    start = models.PositiveIntegerField(help_text="Character offset of the sentence in the article text.")
    end = models.PositiveIntegerField()
    claimant = models.ForeignKey(Claimant, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    claimant_text = models.CharField(max_length=300, blank=True, help_text="The claimant as written.")
    is_quote = models.BooleanField(default=False, help_text="The claim is a direct quote of the claimant.")
    score = models.FloatField(default=0.0, help_text="Check-worthiness of this sighting.")
    score_reasons = models.JSONField(
        default=list, blank=True, help_text="Features that pushed the score: [[feature, weight], ...]."
    )
    match = models.CharField(
        max_length=10,
        choices=Match.choices,
        default=Match.NEW,
        help_text="How this sighting found its claim: new, same text, a near wording, or an editor.",
    )
    match_score = models.FloatField(null=True, blank=True, help_text="Similarity to the claim when matched.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article", "start"]
        constraints = [
            # One sighting per claim and place: reprocessing an article adds nothing twice.
            models.UniqueConstraint(fields=["article", "claim", "start"], name="appearance_unique_per_place"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="appearance_offsets_ordered"),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=1), name="appearance_score_0_1"),
        ]
        indexes = [
            # A claim's page: its sightings, the most recent first.
            models.Index(fields=["claim", "-created_at"], name="appearance_claim_idx"),
        ]

    history = HistoricalRecords(excluded_fields=["score_reasons"])

    def __str__(self) -> str:
        return f"{self.claim_id} in {self.article_id} @{self.start}"


class Evidence(models.Model):
    """What an editor attached to a claim."""

    class Stance(models.TextChoices):
        SUPPORTS = "supports", "Supports"
        REFUTES = "refutes", "Refutes"
        CONTEXT = "context", "Context"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    url = models.URLField(max_length=2000, blank=True)
    source = models.ForeignKey(
        "sources.Source", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    excerpt = models.TextField(blank=True, help_text="The passage quoted from the evidence, verbatim.")
    stance = models.CharField(max_length=20, choices=Stance.choices, default=Stance.CONTEXT)
    note = models.TextField(blank=True, help_text="Why this matters, for other editors.")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "evidence"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(url="") | ~Q(excerpt=""), name="evidence_has_url_or_excerpt"),
            models.CheckConstraint(
                condition=Q(stance__in=["supports", "refutes", "context"]), name="evidence_stance_valid"
            ),
        ]
        indexes = [
            # Evidence of one claim, newest first (claim page, verdict form).
            models.Index(fields=["claim", "-created_at"], name="evidence_claim_idx"),
        ]

    def __str__(self) -> str:
        return self.url or self.excerpt[:80]


class VerdictQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def current(self):
        """The published verdicts no newer verdict has replaced: one per ruled claim."""
        return self.filter(is_published=True, superseded_by__isnull=True)


class Verdict(models.Model):
    """An editor's ruling. Published verdicts are never edited: a correction is a new verdict."""

    # PROTECT: deleting a claim must not silently delete the rulings published on it.
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="verdicts")
    status = models.CharField(max_length=20, choices=Claim.Status.choices)
    explanation = models.TextField(help_text="What the evidence shows, in words readers understand.")
    evidence = models.ManyToManyField(Evidence, blank=True, related_name="verdicts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="verdicts")
    is_published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    # Set by verdict_save when a newer verdict on the same claim is published: the old
    # one stays published (the record of what was said) and points to its correction.
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
        editable=False,
        help_text="The published verdict that replaced this one.",
    )
    superseded_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Optimistic locking of drafts, as on Claim.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VerdictQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[evidence])

    class Meta:
        ordering = ["-created_at"]
        permissions = [("publish_verdict", "Can publish a verdict")]
        constraints = [
            models.CheckConstraint(
                condition=Q(superseded_by__isnull=True, superseded_at__isnull=True)
                | Q(superseded_by__isnull=False, superseded_at__isnull=False, is_published=True),
                name="verdict_superseded_consistent",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["unconfirmed", "confirmed", "disputed"]), name="verdict_status_valid"
            ),
            models.CheckConstraint(condition=~Q(explanation=""), name="verdict_has_explanation"),
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(published_at__isnull=False),
                name="verdict_published_has_date",
            ),
        ]
        indexes = [
            # Published verdicts in publication order: the API's verdict list and change feed.
            models.Index(fields=["is_published", "-published_at"], name="verdict_published_idx"),
            # A claim's verdict history, newest first.
            models.Index(fields=["claim", "-created_at"], name="verdict_claim_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {self.claim}"


class ClaimMatchKey(models.Model):
    """A claim's entry in the matching index: its search terms and its sentence vector.

    Kept in step with the claim's text by ``claims.match_services.matchkey_refresh``. On
    SQLite the terms are also in the FTS5 table ``claims_matchfts`` (rowid = claim id, made by
    migration 0007) and in the postings table ``claims_matchterm``, both written beside the
    key; on PostgreSQL triggers derive the postings from the key's terms (migration 0016).
    Merged claims have no key: they are no candidates.
    """

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, primary_key=True, related_name="match_key")
    terms = models.TextField(help_text="Normalised search terms (claims.matching.text.terms).")
    vector = models.BinaryField(help_text="Unit sentence vector, float16.")
    model = models.CharField(max_length=80, help_text="Encoder that made the vector.")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"match key of {self.claim_id}"


class MatchSuggestion(models.Model):
    """A new claim that looks like a known one, for an editor to link or keep apart."""

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted (merged)"
        REJECTED = "rejected", "Rejected (different claims)"

    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="match_suggestions", help_text="The newer claim."
    )
    candidate = models.ForeignKey(
        Claim,
        on_delete=models.CASCADE,
        related_name="suggested_for",
        help_text="The known claim it resembles.",
    )
    cosine = models.FloatField(help_text="Similarity of the two wordings, 0 to 1.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One row per pair, in either order (the service stores the newer claim first and
            # checks the reverse): a rejected pair is never suggested again.
            models.UniqueConstraint(fields=["claim", "candidate"], name="suggestion_unique_pair"),
            models.CheckConstraint(condition=~Q(claim=F("candidate")), name="suggestion_two_claims"),
            models.CheckConstraint(
                condition=Q(state__in=["pending", "accepted", "rejected"]), name="suggestion_state_valid"
            ),
        ]
        indexes = [
            # The editors' queue of suggestions waiting for a decision, newest first.
            models.Index(fields=["state", "-created_at"], name="suggestion_state_idx"),
            # "Was this pair ever suggested?" from the candidate's side.
            models.Index(fields=["candidate", "claim"], name="suggestion_reverse_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.claim_id} ~ {self.candidate_id} ({self.state})"


class MatchChange(models.Model):
    """What an editor (or the matcher) changed in how sightings are grouped into claims."""

    class Action(models.TextChoices):
        MERGE = "merge", "Merged claims"
        MOVE = "move", "Moved an appearance"
        SPLIT = "split", "Split an appearance off"
        ACCEPT = "accept", "Accepted a suggestion"
        REJECT = "reject", "Rejected a suggestion"

    action = models.CharField(max_length=10, choices=Action.choices)
    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="match_changes", help_text="Source."
    )
    target = models.ForeignKey(
        Claim, on_delete=models.CASCADE, null=True, blank=True, related_name="+", help_text="Where it went."
    )
    appearance_id = models.BigIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=["merge", "move", "split", "accept", "reject"]),
                name="matchchange_action_valid",
            ),
        ]
        indexes = [
            # A claim's grouping history, newest first.
            models.Index(fields=["claim", "-at"], name="matchchange_claim_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.claim_id} -> {self.target_id} at {self.at:%Y-%m-%d %H:%M}"


class ChangeCounter(models.Model):
    """The single row that numbers the change log.

    ``verdict_save`` takes the next number with ``UPDATE ... SET last = last + 1``
    as the last write of the publishing transaction: the row lock is held until
    commit, so a second publisher waits for the first to commit before it gets a
    number, and change numbers become visible in the order they were given. A
    sequence or a timestamp would not do: both are handed out before commit, so a
    transaction that commits late could show up behind a cursor a client already
    followed.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    last = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="change_counter_single_row")]

    def __str__(self) -> str:
        return f"change #{self.last}"


class Change(models.Model):
    """One entry of the public change feed, numbered in commit order (see ChangeCounter)."""

    class Kind(models.TextChoices):
        VERDICT_PUBLISHED = "verdict_published", "Verdict published"
        VERDICT_SUPERSEDED = "verdict_superseded", "Verdict superseded"
        # Written by claim matching when two claims turn out to be one: the claim
        # now lives under ``merged_into``.
        CLAIM_MERGED = "claim_merged", "Claim merged"

    seq = models.PositiveBigIntegerField(primary_key=True, help_text="Position in the change feed.")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="+")
    verdict = models.ForeignKey(Verdict, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    merged_into = models.ForeignKey(Claim, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["seq"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["verdict_published", "verdict_superseded"], verdict__isnull=False)
                | Q(kind="claim_merged", merged_into__isnull=False),
                name="change_kind_has_target",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.kind}"


class ClientKey(AbstractAPIKey):
    """An API client's key: stored hashed by djangorestframework-api-key, revocable."""

    can_read_internal = models.BooleanField(
        default=False,
        help_text="Sees claims and verdicts that are not published, evidence notes and editors' names.",
    )
    can_write_articles = models.BooleanField(
        default=False, help_text="May push articles in (POST /api/v1/articles/) and read their status."
    )

    class Meta(AbstractAPIKey.Meta):
        verbose_name = "API client key"
        verbose_name_plural = "API client keys"
