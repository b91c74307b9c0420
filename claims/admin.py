import copy

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from . import admin_matching, services
from .models import Claim, Claimant, ClaimAppearance, Evidence, Verdict

ARTICLE_BULK_FIELDS = ("article__raw", "article__text")


def format_reasons(reasons) -> str:
    return ", ".join(f"{name} ({weight:+.2f})" for name, weight in reasons) or "-"


class OnRecordAdmin(admin.ModelAdmin):
    """Rows on the public record (``is_on_record``) can be read, never changed or deleted."""

    def is_on_record(self, obj) -> bool:
        raise NotImplementedError

    def has_change_permission(self, request, obj=None):
        if obj is not None and self.is_on_record(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self.is_on_record(obj):
            return False
        return super().has_delete_permission(request, obj)


class ServiceSavedAdmin(admin.ModelAdmin):
    """An admin whose ``save_model`` calls a service that may refuse what the form's check let
    through (a verdict published or a name taken in the meantime)."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except services.ClaimEditError as error:
            # Nothing was saved: the view's transaction is rolled back.
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class ClaimantForm(forms.ModelForm):
    class Meta:
        model = Claimant
        fields = ["name", "kind"]

    def clean_name(self):
        # Two claimants whose names match are one on matching: the name is refused here,
        # beside the field, rather than at the save.
        name = self.cleaned_data["name"]
        other = services.claimant_named(name, exclude=self.instance)
        if other is not None:
            raise forms.ValidationError(f"Claimant #{other.pk} already has this name: {other.name}.")
        return name


@admin.register(Claimant)
class ClaimantAdmin(OnRecordAdmin, ServiceSavedAdmin):
    form = ClaimantForm
    list_display = ["name", "kind", "claim_count", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name"]
    readonly_fields = ["created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_claims=Count("claims"))

    @admin.display(description="claims", ordering="_claims")
    def claim_count(self, obj):
        return obj._claims

    def is_on_record(self, obj) -> bool:
        # The claimant of a claim with a published verdict: renamed or deleted, the record
        # would say someone else said it.
        return services.claimant_is_on_record(obj)

    def save_model(self, request, obj, form, change):
        services.claimant_save(claimant=obj, by=request.user)


class ReadOnlyTabularInline(admin.TabularInline):
    """Rows recorded by the pipeline or kept as history: shown, never edited inline."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False


class AppearanceInline(ReadOnlyTabularInline):
    model = ClaimAppearance
    fields = [
        "article_link",
        "sentence",
        "claimant_text",
        "is_quote",
        "score",
        "reasons",
        "match",
        "verdict_shown",
    ]
    verbose_name_plural = "appearances in articles"

    def get_queryset(self, request):
        # The article's raw document and text can be megabytes: only its title is shown.
        return super().get_queryset(request).select_related("article").defer(*ARTICLE_BULK_FIELDS)

    def get_formset(self, request, obj=None, **kwargs):
        # The claim's latest published verdict, read once for all its appearances.
        self._verdict = (
            obj.verdicts.filter(is_published=True).order_by("-published_at").first()
            if obj is not None
            else None
        )
        return super().get_formset(request, obj, **kwargs)

    @admin.display(description="verdict when seen")
    def verdict_shown(self, obj):
        return admin_matching.verdict_when_seen(obj, getattr(self, "_verdict", None))

    @admin.display(description="article")
    def article_link(self, obj):
        url = reverse("admin:sources_article_change", args=[obj.article_id])
        return format_html('<a href="{}">{}</a>', url, obj.article)

    @admin.display(description="why this score")
    def reasons(self, obj):
        return format_reasons(obj.score_reasons)


class EvidenceFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.forms:
            if form.instance.pk is None or not services.evidence_is_on_record(form.instance):
                continue
            if form in self.deleted_forms or form.has_changed():
                raise forms.ValidationError(
                    "Evidence cited by a published verdict cannot be changed or deleted: "
                    "add new evidence and publish a correcting verdict."
                )


class EvidenceInline(admin.StackedInline):
    model = Evidence
    formset = EvidenceFormSet
    fields = ["url", "source", "excerpt", "stance", "note"]
    autocomplete_fields = ["source"]
    extra = 0


class VerdictInline(ReadOnlyTabularInline):
    model = Verdict
    fields = ["status", "explanation", "author", "is_published", "published_at", "created_at"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class ClaimForm(forms.ModelForm):
    """Checks an editor's change with the service that saves it, so a refusal is shown
    beside the field (the save checks again, under a lock)."""

    class Meta:
        model = Claim
        fields = ["text", "claimant", "review_state", "assignee"]

    def clean(self):
        cleaned = super().clean() or {}
        candidate = copy.copy(self.instance)
        for name in self.changed_data:
            if name in cleaned:
                setattr(candidate, name, cleaned[name])
        try:
            services.claim_check(claim=candidate)
        except services.ClaimWordingTakenError as error:
            self.add_error("text" if "text" in self.fields else None, str(error))
        except services.ClaimEditError as error:
            raise forms.ValidationError(str(error)) from None
        return cleaned


@admin.register(Claim)
class ClaimAdmin(ServiceSavedAdmin):
    list_display = [
        "short_text",
        "claimant",
        "checkworthiness",
        "status",
        "review_state",
        "assignee",
        admin_matching.resurfaced,
        "created_at",
    ]
    list_filter = [
        "status",
        "review_state",
        admin_matching.ResurfacedFilter,
        admin_matching.MergedFilter,
        "language",
    ]
    actions = [admin_matching.merge_claims]
    search_fields = ["text", "claimant__name"]
    list_select_related = ["claimant", "assignee"]
    autocomplete_fields = ["claimant"]
    raw_id_fields = ["assignee"]
    form = ClaimForm
    # The status is ruled by publishing a verdict (with its explanation), not set here.
    readonly_fields = [
        "status",
        "add_verdict",
        "language",
        "checkworthiness",
        "merged_into",
        "resurfaced_at",
        "created_at",
        "updated_at",
    ]
    inlines = [AppearanceInline, EvidenceInline, VerdictInline]
    # The exact total of a large table is a full count on every page view.
    show_full_result_count = False
    list_per_page = 50

    @admin.display(description="verdict")
    def add_verdict(self, obj):
        if obj.pk is None:
            return "-"
        url = reverse("admin:claims_verdict_add") + f"?claim={obj.pk}"
        return format_html('<a href="{}">Write a verdict on this claim</a>', url)

    @admin.display(description="claim", ordering="text")
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 140 else obj.text[:139] + "…"

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and services.claim_is_on_record(obj):
            # What its published verdict ruled on: shown, not a form field, so a posted value
            # is never read (and claim_save would refuse it).
            fields += [name for name in services.RECORD_FIELDS if name not in fields]
        return fields

    def save_model(self, request, obj, form, change):
        services.claim_save(claim=obj, by=request.user)

    def save_formset(self, request, form, formset, change):
        # Evidence added through the claim page records its editor.
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, Evidence) and instance.added_by_id is None:
                instance.added_by = request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


@admin.register(ClaimAppearance)
class ClaimAppearanceAdmin(admin.ModelAdmin):
    list_display = ["claim", "article", "claimant_text", "is_quote", "score", "match", "created_at"]
    list_filter = ["is_quote", "match"]
    search_fields = ["sentence", "claimant_text", "claim__text"]
    list_select_related = ["claim", "article"]
    raw_id_fields = ["claim", "article", "claimant"]
    readonly_fields = ["match", "match_score", "created_at"]
    actions = [admin_matching.split_appearances]

    def get_queryset(self, request):
        return super().get_queryset(request).defer(*ARTICLE_BULK_FIELDS)

    def save_model(self, request, obj, form, change):
        # Changing the claim moves the sighting (recorded, with who and when).
        if not admin_matching.move_on_save(request, obj, form, change):
            super().save_model(request, obj, form, change)


@admin.register(Evidence)
class EvidenceAdmin(OnRecordAdmin):
    list_display = ["__str__", "claim", "stance", "source", "added_by", "created_at"]
    list_filter = ["stance"]
    search_fields = ["url", "excerpt", "note", "claim__text"]
    list_select_related = ["claim", "source", "added_by"]
    raw_id_fields = ["claim"]
    autocomplete_fields = ["source"]
    readonly_fields = ["added_by", "created_at"]

    def is_on_record(self, obj) -> bool:
        return services.evidence_is_on_record(obj)

    def save_model(self, request, obj, form, change):
        if obj.added_by_id is None:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)


class VerdictForm(forms.ModelForm):
    class Meta:
        model = Verdict
        fields = ["claim", "status", "explanation", "evidence", "is_published"]

    def clean(self):
        cleaned = super().clean() or {}
        claim, evidence = cleaned.get("claim"), cleaned.get("evidence")
        if claim is not None and evidence and any(item.claim_id != claim.pk for item in evidence):
            raise forms.ValidationError("A verdict can cite only the evidence attached to its own claim.")
        return cleaned


@admin.register(Verdict)
class VerdictAdmin(OnRecordAdmin):
    list_display = ["claim", "status", "author", "is_published", "published_at", "created_at"]
    list_filter = ["status", "is_published"]
    search_fields = ["claim__text", "explanation"]
    list_select_related = ["claim", "author"]
    raw_id_fields = ["claim"]
    form = VerdictForm
    filter_horizontal = ["evidence"]
    readonly_fields = ["author", "published_at", "created_at"]

    def is_on_record(self, obj) -> bool:
        # A published verdict is part of the record: corrections are new verdicts.
        return obj.is_published

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # Offer only the claim's own evidence (not every row in the table).
        claim_id = obj.claim_id if obj is not None else request.POST.get("claim") or request.GET.get("claim")
        if "evidence" in form.base_fields:
            evidence = form.base_fields["evidence"]
            evidence.queryset = (  # type: ignore[attr-defined]
                Evidence.objects.filter(claim_id=claim_id)
                if str(claim_id or "").isdigit()
                else Evidence.objects.none()
            )
        return form

    def save_model(self, request, obj, form, change):
        services.verdict_save(verdict=obj, by=request.user)
