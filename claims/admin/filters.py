"""The claim queue's filters: review state (triage by default), assignee, source, claimant, evidence."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q

from claims import admin_matching
from claims.models import Claim, Claimant, ClaimAppearance, Evidence
from claims.roles import EDITORS, PUBLISHERS
from sources.models import Source

State = Claim.ReviewState


class ReviewStateFilter(admin.SimpleListFilter):
    """The queue opens on the claims awaiting triage; "All" is a choice, not the default.

    Only a bare list (no other filter, no search) defaults to triage: an editor who
    filters by claimant or searches means every claim that fits. An action's POST acts
    on the claims ticked, whatever the list showed.
    """

    title = "review state"
    parameter_name = "state"
    ALL = "all"
    # Parameters that are no filter: page, order, the popup and the admin's own markers.
    NOT_FILTERS = frozenset({"p", "o", "e", "_popup", "_to_field", "_changelist_filters"})

    def __init__(self, request, params, model, model_admin):
        self.default = (
            State.NEW
            if request.method == "GET" and not (set(request.GET) - self.NOT_FILTERS - {self.parameter_name})
            else self.ALL
        )
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return [
            (State.NEW, "Awaiting triage"),
            *[(s.value, s.label) for s in State if s != State.NEW],
            (self.ALL, "All"),
        ]

    def value(self):
        return super().value() or self.default

    def choices(self, changelist):
        # No "All" link without a value: the default (no parameter) is the triage queue.
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value()
        if value == self.ALL:
            return queryset
        return queryset.filter(review_state=value) if value in State.values else queryset


class AssigneeFilter(admin.SimpleListFilter):
    """Mine first, then unassigned, then each member of the desk."""

    title = "assignee"
    parameter_name = "assignee"
    MINE, NOBODY = "me", "none"

    def lookups(self, request, model_admin):
        desk = (
            get_user_model()
            .objects.filter(Q(groups__name__in=[EDITORS, PUBLISHERS]) | Q(is_superuser=True), is_active=True)
            .exclude(pk=request.user.pk)
            .distinct()
            .order_by("username")
        )
        return [
            (self.MINE, "Mine"),
            (self.NOBODY, "Unassigned"),
            *[(str(u.pk), u.get_username()) for u in desk],
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == self.MINE:
            return queryset.filter(assignee=request.user)
        if value == self.NOBODY:
            return queryset.filter(assignee__isnull=True)
        if value and value.isdigit():
            return queryset.filter(assignee_id=int(value))
        return queryset


class SourceFilter(admin.SimpleListFilter):
    """Claims seen in an outlet's articles (EXISTS: no join that repeats claims)."""

    title = "source"
    parameter_name = "source"

    def lookups(self, request, model_admin):
        return [(str(pk), name) for pk, name in Source.objects.order_by("name").values_list("pk", "name")]

    def queryset(self, request, queryset):
        value = self.value()
        if not (value and value.isdigit()):
            return queryset
        seen = ClaimAppearance.objects.filter(claim=OuterRef("pk"), article__source_id=int(value))
        return queryset.filter(Exists(seen))


class ClaimantFilter(admin.SimpleListFilter):
    """By claimant: there are too many to list, so a claimant's name in a row links here.

    The filter shows the claimant chosen (and "All"); its choices are never the whole table.
    """

    title = "claimant"
    parameter_name = "claimant"

    def lookups(self, request, model_admin):
        value = self.value()
        if value and value.isdigit():
            claimant = Claimant.objects.filter(pk=int(value)).first()
            if claimant is not None:
                return [(value, claimant.name)]
        return [("none", "No claimant")]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "none":
            return queryset.filter(claimant__isnull=True)
        if value and value.isdigit():
            return queryset.filter(claimant_id=int(value))
        return queryset


class HasEvidenceFilter(admin.SimpleListFilter):
    title = "evidence"
    parameter_name = "evidence"

    def lookups(self, request, model_admin):
        return [("yes", "Has evidence"), ("no", "No evidence yet")]

    def queryset(self, request, queryset):
        attached = Exists(Evidence.objects.filter(claim=OuterRef("pk")))
        if self.value() == "yes":
            return queryset.filter(attached)
        if self.value() == "no":
            return queryset.filter(~attached)
        return queryset


class LanguageFilter(admin.SimpleListFilter):
    """The languages present, read once every ten minutes (a DISTINCT is a scan of the table)."""

    title = "language"
    parameter_name = "language"

    def lookups(self, request, model_admin):
        model = model_admin.model
        key = f"desk:languages:{model._meta.label_lower}"
        languages = cache.get(key)
        if languages is None:
            languages = sorted(
                set(model._default_manager.order_by().values_list("language", flat=True).distinct())
            )
            cache.set(key, languages, 600)
        return [(code, code) for code in languages if code] + [("-", "unknown")]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "-":
            return queryset.filter(language="")
        return queryset.filter(language=value) if value else queryset


def claim_filters() -> list:
    return [
        ReviewStateFilter,
        "status",
        AssigneeFilter,
        admin_matching.ResurfacedFilter,
        HasEvidenceFilter,
        ("created_at", admin.DateFieldListFilter),
        LanguageFilter,
        SourceFilter,
        ClaimantFilter,
        admin_matching.MergedFilter,
    ]
