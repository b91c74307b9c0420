"""Appearances: every sighting of a claim in an article, as the pipeline recorded it."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from claims import admin_matching
from claims.models import ClaimAppearance

from .common import ARTICLE_BULK_FIELDS, FastListMixin


def format_reasons(reasons) -> str:
    return ", ".join(f"{name} ({weight:+.2f})" for name, weight in reasons) or "-"


@admin.register(ClaimAppearance)
class ClaimAppearanceAdmin(FastListMixin, SimpleHistoryAdmin):
    list_display = ["claim", "article", "claimant_text", "is_quote", "score", "match", "created_at"]
    list_filter = ["is_quote", "match"]
    search_fields = ["sentence", "claimant_text", "claim__text"]
    list_select_related = ["claim", "article"]
    raw_id_fields = ["claim", "article", "claimant"]
    readonly_fields = ["match", "match_score", "created_at", "reasons"]
    actions = [admin_matching.split_appearances]
    # Newest first by primary key: the model's order (article, start) sorted the whole
    # table for every page, and "-created_at" (with the admin's "-pk" tie-break) led
    # SQLite to join from claims and sort a million rows (9 s at 100,000 claims).
    ordering = ["-pk"]

    @admin.display(description="why this score")
    def reasons(self, obj):
        return format_reasons(obj.score_reasons)

    def get_queryset(self, request):
        return super().get_queryset(request).defer(*ARTICLE_BULK_FIELDS)

    def save_model(self, request, obj, form, change):
        # Changing the claim moves the sighting (recorded, with who and when).
        if not admin_matching.move_on_save(request, obj, form, change):
            super().save_model(request, obj, form, change)
