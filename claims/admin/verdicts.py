"""Verdicts: drafted here, published from the claim's page by a second editor."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from claims import workflow
from claims.models import Claim, Evidence, Verdict

from .common import FastListMixin, OnRecordAdmin, ServiceSavedAdmin, VersionedForm


class VerdictForm(VersionedForm):
    row_name = "draft"

    class Meta:
        model = Verdict
        fields = ["claim", "status", "explanation", "evidence"]
        widgets = {"evidence": forms.CheckboxSelectMultiple}

    def clean(self):
        cleaned = super().clean() or {}
        claim, evidence = cleaned.get("claim"), cleaned.get("evidence")
        if claim is not None and evidence and any(item.claim_id != claim.pk for item in evidence):
            raise forms.ValidationError("A verdict can cite only the evidence attached to its own claim.")
        if claim is not None and claim.review_state == Claim.ReviewState.DISMISSED:
            raise forms.ValidationError("This claim was dismissed: reopen it before writing a verdict.")
        return cleaned


@admin.register(Verdict)
class VerdictAdmin(FastListMixin, OnRecordAdmin, ServiceSavedAdmin, SimpleHistoryAdmin):
    list_display = [
        "claim",
        "status",
        "author",
        "is_published",
        "published_at",
        "superseded_by",
        "created_at",
    ]
    list_filter = ["status", "is_published"]
    search_fields = ["claim__text", "explanation"]
    list_select_related = ["claim", "author"]
    raw_id_fields = ["claim"]
    form = VerdictForm
    fields = [
        "claim",
        "status",
        "explanation",
        "evidence",
        "page_version",
        "author",
        "published_at",
        "created_at",
    ]
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
        workflow.verdict_draft(
            claim=obj.claim_id,
            status=obj.status,
            explanation=obj.explanation,
            evidence=form.cleaned_data.get("evidence") or [],
            verdict=obj,
            by=request.user,
            expected_version=form.expected_version(),
        )

    def save_related(self, request, form, formsets, change):
        pass  # the cited evidence is set by workflow.verdict_draft

    def _back_to_claim(self, request, obj):
        self.message_user(request, "Draft verdict saved: a publisher can now publish it.", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:claims_claim_change", args=[obj.claim_id]))

    def response_add(self, request, obj, post_url_continue=None):
        if "_continue" in request.POST or "_addanother" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        return self._back_to_claim(request, obj)

    def response_change(self, request, obj):
        if "_continue" in request.POST:
            return super().response_change(request, obj)
        return self._back_to_claim(request, obj)
