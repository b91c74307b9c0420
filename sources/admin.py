from django.contrib import admin, messages

from claims.admin import FastListMixin, ReadOnlyTabularInline
from claims.admin.filters import LanguageFilter
from claims.desk import articles_claim_counts
from claims.models import ClaimAppearance

from . import entries, feeds, services
from .models import Article, ArticleURL, Feed, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "domain", "homepage", "created_at"]
    search_fields = ["name", "domain"]
    readonly_fields = ["created_at"]


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "source",
        "is_active",
        "poll_interval_minutes",
        "last_success_at",
        "last_status",
        "error",
        "consecutive_failures",
        "next_poll_at",
    ]
    list_filter = ["is_active", "last_status", "source"]
    search_fields = ["url", "title", "source__name"]
    list_select_related = ["source"]
    autocomplete_fields = ["source"]
    actions = ["poll_now", "pause", "resume"]
    readonly_fields = [
        "last_polled_at",
        "last_success_at",
        "last_status",
        "last_error",
        "consecutive_failures",
        "next_poll_at",
        "etag",
        "last_modified",
        "created_at",
    ]

    @admin.display(description="last error")
    def error(self, obj):
        return obj.last_error[:120]

    @admin.action(description="Poll the selected feeds now", permissions=["change"])
    def poll_now(self, request, queryset):
        count = feeds.feeds_poll_now(feeds=queryset)
        self.message_user(
            request, f"{count} feed(s) queued for polling (paused feeds are skipped).", messages.SUCCESS
        )

    @admin.action(description="Pause the selected feeds", permissions=["change"])
    def pause(self, request, queryset):
        count = feeds.feeds_pause(feeds=queryset)
        self.message_user(request, f"{count} feed(s) paused.", messages.SUCCESS)

    @admin.action(description="Resume the selected feeds (polled at once)", permissions=["change"])
    def resume(self, request, queryset):
        count = feeds.feeds_pause(feeds=queryset, active=True)
        self.message_user(request, f"{count} feed(s) resumed.", messages.SUCCESS)


@admin.register(ArticleURL)
class ArticleURLAdmin(admin.ModelAdmin):
    list_display = ["url", "article", "feed", "first_seen_at", "last_seen_at"]
    search_fields = ["url"]
    raw_id_fields = ["article", "feed"]
    list_select_related = ["article", "feed"]
    readonly_fields = ["first_seen_at", "last_seen_at"]


class ArticleURLInline(ReadOnlyTabularInline):
    model = ArticleURL
    fields = ["url", "feed", "first_seen_at", "last_seen_at"]
    verbose_name_plural = "URLs this article was seen at"


class AppearanceInline(ReadOnlyTabularInline):
    model = ClaimAppearance
    fields = ["claim", "sentence", "claimant_text", "is_quote", "score", "start", "end"]
    show_change_link = True
    verbose_name_plural = "claims found in this article"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("claim")


class LimitedFilter(admin.SimpleListFilter):
    title = "claims cut at the limits"
    parameter_name = "limited"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(limits_note="")
        if self.value() == "no":
            return queryset.filter(limits_note="")
        return queryset


@admin.register(Article)
class ArticleAdmin(FastListMixin, admin.ModelAdmin):
    list_display = ["__str__", "source", "status", "language", "claim_count", "problem", "created_at"]
    list_filter = [
        "status",
        LimitedFilter,
        ("created_at", admin.DateFieldListFilter),
        LanguageFilter,
        "source",
    ]
    search_fields = ["title", "url", "original_name", "content_hash"]
    list_select_related = ["source"]
    autocomplete_fields = ["source"]
    raw_id_fields = ["feed", "version_of"]
    # A date filter, not date_hierarchy: the hierarchy reads the distinct dates of the
    # whole filtered table on every view.
    actions = ["requeue", "fetch_again", "split_again"]
    inlines = [ArticleURLInline, AppearanceInline]
    readonly_fields = [
        "status",
        "status_note",
        "limits_note",
        "last_error",
        "attempts",
        "content_hash",
        "content_type",
        "original_name",
        "language",
        "text",
        "created_at",
        "updated_at",
        "processed_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "author",
                    "url",
                    "canonical_url",
                    "source",
                    "feed",
                    "version_of",
                    "published_at",
                ]
            },
        ),
        (
            "Processing",
            {"fields": ["status", "status_note", "limits_note", "last_error", "attempts", "processed_at"]},
        ),
        ("Content", {"fields": ["language", "original_name", "content_type", "content_hash", "text"]}),
        ("Timestamps", {"fields": ["created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("raw", "text")

    def annotate_page(self, rows):
        # Counted for the page shown only: a COUNT annotation grouped every article first.
        counts = articles_claim_counts([row.pk for row in rows])
        for row in rows:
            row._claims = counts.get(row.pk, 0)

    @admin.display(description="claims")
    def claim_count(self, obj):
        return getattr(obj, "_claims", "-")

    @admin.display(description="error or note")
    def problem(self, obj):
        # Failures, "no claims because ..." and "limits reached" notes must be visible
        # without opening the article.
        return (obj.last_error or obj.status_note or obj.limits_note or "")[:120]

    @admin.action(description="Queue the selected failed articles again")
    def requeue(self, request, queryset):
        count = services.articles_retry(articles=queryset)
        self.message_user(request, f"{count} article(s) queued again.", messages.SUCCESS)

    @admin.action(description="Fetch the selected articles' pages again", permissions=["change"])
    def fetch_again(self, request, queryset):
        counts: dict[str, int] = {}
        for article in queryset[:50]:
            outcome = entries.article_refetch(article=article)
            counts[outcome.status] = counts.get(outcome.status, 0) + 1
        labels = {"new": "stored", "version": "new version(s)", "seen": "unchanged", "failed": "failed"}
        summary = ", ".join(f"{n} {labels.get(k, k)}" for k, n in counts.items()) or "nothing to fetch"
        self.message_user(request, f"Fetched again (at most 50 at a time): {summary}.", messages.SUCCESS)

    @admin.action(
        description="Split the selected articles again with the current splitter", permissions=["change"]
    )
    def split_again(self, request, queryset):
        count = entries.articles_resplit(articles=queryset)
        self.message_user(request, f"{count} article(s) queued to be split again.", messages.SUCCESS)
