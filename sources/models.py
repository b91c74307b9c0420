from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone


class Source(models.Model):
    """A publisher or outlet."""

    name = models.CharField(max_length=200, unique=True)
    homepage = models.URLField(max_length=500, blank=True)
    domain = models.CharField(
        max_length=253, blank=True, db_index=True, help_text="Used to match articles to their outlet."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FeedQuerySet(models.QuerySet):
    def due(self, *, now=None):
        """Active feeds whose next poll time has come and that no worker is polling."""
        now = now or timezone.now()
        return self.filter(
            Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now),
            Q(poll_lease_expires_at__isnull=True) | Q(poll_lease_expires_at__lt=now),
            is_active=True,
        )


class Feed(models.Model):
    """An RSS/Atom/JSON feed of a source, with its polling state."""

    class PollStatus(models.TextChoices):
        OK = "ok", "OK"
        NOT_MODIFIED = "not modified", "Not modified"
        MALFORMED = "malformed", "Malformed (entries taken where possible)"
        FAILED = "failed", "Failed"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="feeds")
    url = models.URLField(max_length=1000, unique=True)
    title = models.CharField(max_length=300, blank=True)
    is_active = models.BooleanField(default=True, help_text="Inactive (paused) feeds are not polled.")
    poll_interval_minutes = models.PositiveIntegerField(
        default=30, help_text="Minutes between polls while the feed answers; failures back off from this."
    )
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(
        null=True, blank=True, help_text="Last poll that read the feed (or found it unchanged)."
    )
    last_status = models.CharField(max_length=50, blank=True, choices=PollStatus.choices)
    last_error = models.TextField(blank=True)
    consecutive_failures = models.PositiveIntegerField(
        default=0, help_text="Failed polls in a row; each one doubles the wait before the next."
    )
    next_poll_at = models.DateTimeField(
        null=True, blank=True, help_text="When the feed is due again; empty means now."
    )
    # A worker polling the feed holds it until this time (see sources.feeds.feed_claim).
    poll_lease_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When the beat job last sent a poll for it: not sent again while that one waits in the queue.
    poll_queued_at = models.DateTimeField(null=True, blank=True, editable=False)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FeedQuerySet.as_manager()

    class Meta:
        ordering = ["source__name", "url"]
        constraints = [
            models.CheckConstraint(
                condition=Q(poll_interval_minutes__gte=1), name="feed_poll_interval_positive"
            ),
        ]
        indexes = [
            # The beat job's query: active feeds whose next poll time has come.
            models.Index(fields=["is_active", "next_poll_at"], name="feed_due_idx"),
        ]

    def __str__(self) -> str:
        return self.title or self.url


class ArticleQuerySet(models.QuerySet):
    def never_sent(self, *, before):
        """Queued articles whose message could not be published (the broker was down),
        stored before ``before``."""
        return self.filter(status=Article.Status.QUEUED, enqueued_at__isnull=True, updated_at__lt=before)

    def sent_before(self, *, before):
        """Queued articles whose last message was published before ``before``: after long
        enough, that message is taken as lost."""
        return self.filter(status=Article.Status.QUEUED, enqueued_at__lt=before)

    def lease_expired(self):
        """Articles held by a worker that stopped renewing its lease: it was lost."""
        return self.filter(status=Article.Status.PROCESSING, lease_expires_at__lt=timezone.now())


class Article(models.Model):
    """One ingested document, stored before any processing so nothing is lost."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        PROCESSING = "processing", "Processing"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    source = models.ForeignKey(
        Source, on_delete=models.SET_NULL, null=True, blank=True, related_name="articles"
    )
    feed = models.ForeignKey(Feed, on_delete=models.SET_NULL, null=True, blank=True, related_name="articles")
    url = models.URLField(max_length=2000, blank=True)
    canonical_url = models.URLField(
        max_length=2000, blank=True, help_text="The page's own canonical link, when it gives one."
    )
    version_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="versions",
        help_text="The first version of this article, when its content changed after it was stored.",
    )
    title = models.CharField(max_length=500, blank=True)
    author = models.CharField(max_length=300, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(
        max_length=16, blank=True, help_text="ISO 639-1 code; 'und' when undetermined."
    )
    original_name = models.CharField(max_length=500, blank=True, help_text="File name or URL it came from.")
    content_type = models.CharField(max_length=100, blank=True)
    raw = models.BinaryField(editable=False, help_text="The document exactly as received.")
    text = models.TextField(blank=True, help_text="Main text extracted from the document.")
    content_hash = models.CharField(
        max_length=64, unique=True, editable=False, help_text="SHA-256 of the normalised content."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    status_note = models.CharField(
        max_length=300, blank=True, help_text="Why a processed article has no claims, if it has none."
    )
    limits_note = models.CharField(
        max_length=500,
        blank=True,
        help_text="What the per-article limits left out of its claims (repeats of one sentence, "
        "claims or appearances past the caps); empty when nothing was cut.",
    )
    lease_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Who holds the lease: set by each claim, so the writes of a worker whose lease was
    # taken over match nothing, however the lease's expiry moved while it was renewed.
    lease_token = models.CharField(max_length=32, blank=True, editable=False)
    # The holder's process (sources.holders): on the same machine, a dead one is seen at once.
    lease_holder = models.CharField(max_length=100, blank=True, editable=False)
    enqueued_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When its last message was handed to the broker; empty while the broker was down.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "processing", "done", "failed"]),
                name="article_status_valid",
            ),
            # A processing article always has a lease, so a lost worker's article can be taken over.
            models.CheckConstraint(
                condition=~Q(status="processing") | Q(lease_expires_at__isnull=False),
                name="article_processing_has_lease",
            ),
            models.CheckConstraint(
                condition=~Q(status="failed") | ~Q(last_error=""), name="article_failure_has_reason"
            ),
        ]
        indexes = [
            # Admin article list, newest first, filtered by status; and the beat sweep's
            # queued and processing articles.
            models.Index(fields=["status", "-created_at"], name="article_status_created_idx"),
            # The admin article list's default order, unfiltered.
            models.Index(fields=["-created_at"], name="article_created_idx"),
            # Articles of one source, newest first (source page, feed de-duplication).
            models.Index(fields=["source", "-published_at"], name="article_source_published_idx"),
            # Article by URL: re-ingesting a URL, feed items already seen.
            models.Index(fields=["url"], name="article_url_idx"),
            # Feed entries: an article already stored under this canonical URL.
            models.Index(fields=["canonical_url"], name="article_canonical_url_idx"),
        ]

    def __str__(self) -> str:
        return self.title or self.original_name or self.url or f"Article {self.pk}"


class ArticleURL(models.Model):
    """A URL an article was seen at: a syndicated story is one article with many URLs.

    Each version of an article has its own rows; the newest row of a URL names the
    article's current version and the feed entry last seen there.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="urls")
    url = models.URLField(max_length=2000)
    feed = models.ForeignKey(Feed, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    entry_fingerprint = models.CharField(
        max_length=64,
        blank=True,
        help_text="Hash of the feed entry seen at this URL: a change is a new version.",
    )
    first_seen_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "article URL"
        constraints = [
            models.UniqueConstraint(fields=["article", "url"], name="article_url_once"),
        ]
        indexes = [
            # Feed polling: has this URL been seen, and as which article?
            models.Index(fields=["url", "-id"], name="articleurl_url_idx"),
        ]

    def __str__(self) -> str:
        return self.url
