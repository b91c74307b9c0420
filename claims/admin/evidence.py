"""Evidence: attached on a claim's page (inline) or listed on its own."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from claims import services
from claims.models import Evidence

from .common import FastListMixin, OnRecordAdmin


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
    fields = [("url", "source"), "excerpt", ("stance", "note"), ("added_by", "created_at")]
    readonly_fields = ["added_by", "created_at"]
    autocomplete_fields = ["source"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("added_by", "source")


@admin.register(Evidence)
class EvidenceAdmin(FastListMixin, OnRecordAdmin, SimpleHistoryAdmin):
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
        services.evidence_save(evidence=obj, by=request.user)

    def delete_model(self, request, obj):
        services.evidence_delete(evidence=obj, by=request.user)
