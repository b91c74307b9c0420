"""Admin pieces of claim matching: suggestions, the regrouping history, editors' actions.

Kept apart from ``claims/admin.py`` so the claim admin can change without touching these;
``admin.py`` adds the actions, the filter and the columns below to its classes.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html

from . import match_services
from .models import Claim, ClaimAppearance, MatchChange, MatchSuggestion


class ResurfacedFilter(admin.SimpleListFilter):
    title = "resurfaced"
    parameter_name = "resurfaced"

    def lookups(self, request, model_admin):
        return [("yes", "Seen again after a published verdict"), ("no", "Not resurfaced")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(resurfaced_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(resurfaced_at__isnull=True)
        return queryset


class MergedFilter(admin.SimpleListFilter):
    title = "merged"
    parameter_name = "merged"

    def lookups(self, request, model_admin):
        return [("no", "Standing claims"), ("yes", "Merged into another")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(merged_into__isnull=False)
        if self.value() == "no":
            return queryset.filter(merged_into__isnull=True)
        return queryset


@admin.display(description="resurfaced", ordering="resurfaced_at")
def resurfaced(obj: Claim) -> str:
    if obj.resurfaced_at is None:
        return "-"
    return format_html(
        '<strong title="seen again after its verdict">resurfaced {}</strong>', f"{obj.resurfaced_at:%Y-%m-%d}"
    )


def survivor(claims: list[Claim]) -> Claim:
    """Of claims to merge, the one that stays: one with a published verdict, else the oldest."""
    return sorted(claims, key=lambda c: (c.review_state != Claim.ReviewState.PUBLISHED, c.created_at, c.pk))[
        0
    ]


@admin.action(description="Merge the selected claims into one", permissions=["change"])
def merge_claims(modeladmin, request, queryset):
    claims = list(queryset.filter(merged_into__isnull=True))
    if len(claims) < 2:
        modeladmin.message_user(request, "Select at least two standing claims to merge.", messages.WARNING)
        return
    target = survivor(claims)
    try:
        for claim in claims:
            if claim.pk != target.pk:
                match_services.claim_merge(source=claim, target=target, by=request.user)
    except ValidationError as error:
        modeladmin.message_user(request, "; ".join(error.messages), messages.ERROR)
        return
    modeladmin.message_user(
        request, f"Merged {len(claims) - 1} claim(s) into claim {target.pk}.", messages.SUCCESS
    )


@admin.action(
    description="Split the selected appearances off into claims of their own", permissions=["change"]
)
def split_appearances(modeladmin, request, queryset):
    made = []
    for appearance in queryset:
        made.append(match_services.appearance_split(appearance=appearance, by=request.user).pk)
    modeladmin.message_user(request, f"New claims: {', '.join(map(str, made))}.", messages.SUCCESS)


def move_on_save(request, obj: ClaimAppearance, form, change: bool) -> bool:
    """An editor changed an appearance's claim in its form: move it through the service.
    Returns True when the move was done (the caller then saves nothing else)."""
    if not change or "claim" not in form.changed_data:
        return False
    original = ClaimAppearance.objects.get(pk=obj.pk)
    if original.claim_id == obj.claim_id:
        return False
    match_services.appearance_move(appearance=original, target=obj.claim, by=request.user)
    return True


def verdict_when_seen(appearance: ClaimAppearance, verdict) -> str:
    """For a sighting made after the claim's published verdict: that verdict, shown."""
    if verdict is None or verdict.published_at is None or appearance.created_at <= verdict.published_at:
        return "-"
    return format_html(
        "<strong>resurfaced</strong>: already ruled {} on {}",
        verdict.get_status_display(),
        f"{verdict.published_at:%Y-%m-%d}",
    )


@admin.register(MatchSuggestion)
class MatchSuggestionAdmin(admin.ModelAdmin):
    list_display = ["new_claim", "known_claim", "cosine", "state", "decided_by", "decided_at", "created_at"]
    list_filter = ["state"]
    search_fields = ["claim__text", "candidate__text"]
    list_select_related = ["claim", "candidate", "decided_by"]
    raw_id_fields = ["claim", "candidate"]
    readonly_fields = ["claim", "candidate", "cosine", "state", "decided_by", "decided_at", "created_at"]
    actions = ["accept", "reject"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    @admin.display(description="new claim", ordering="claim__text")
    def new_claim(self, obj):
        return obj.claim.text[:140]

    @admin.display(description="resembles known claim", ordering="candidate__text")
    def known_claim(self, obj):
        return obj.candidate.text[:140]

    def _each(self, request, queryset, service, done: str):
        count = 0
        for suggestion in queryset.filter(state=MatchSuggestion.State.PENDING):
            try:
                service(suggestion=suggestion, by=request.user)
                count += 1
            except ValidationError as error:
                self.message_user(request, f"{suggestion}: {'; '.join(error.messages)}", messages.ERROR)
        self.message_user(request, f"{count} suggestion(s) {done}.", messages.SUCCESS)

    @admin.action(description="Accept: the two are one claim (merge)", permissions=["change"])
    def accept(self, request, queryset):
        self._each(request, queryset, match_services.suggestion_accept, "accepted and merged")

    @admin.action(description="Reject: different claims (never suggested again)", permissions=["change"])
    def reject(self, request, queryset):
        self._each(request, queryset, match_services.suggestion_reject, "rejected")


@admin.register(MatchChange)
class MatchChangeAdmin(admin.ModelAdmin):
    list_display = ["action", "claim", "target", "appearance_id", "by", "at"]
    list_filter = ["action"]
    search_fields = ["claim__text", "target__text", "note"]
    list_select_related = ["claim", "target", "by"]
    raw_id_fields = ["claim", "target"]
    readonly_fields = ["action", "claim", "target", "appearance_id", "note", "by", "at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
