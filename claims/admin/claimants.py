"""Claimants: who said it. The claimant of a published verdict is on the record."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html

from claims import services
from claims.models import Claim, Claimant

from .common import FastListMixin, OnRecordAdmin, ServiceSavedAdmin


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
class ClaimantAdmin(FastListMixin, OnRecordAdmin, ServiceSavedAdmin):
    form = ClaimantForm
    list_display = ["name", "kind", "claim_count", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name"]
    readonly_fields = ["created_at"]

    def annotate_page(self, rows):
        counts = dict(
            Claim.objects.filter(claimant__in=rows)
            .order_by()
            .values_list("claimant_id")
            .annotate(n=Count("id"))
            .values_list("claimant_id", "n")
        )
        for row in rows:
            row._claims = counts.get(row.pk, 0)

    @admin.display(description="claims")
    def claim_count(self, obj):
        url = reverse("admin:claims_claim_changelist") + f"?claimant={obj.pk}&state=all"
        return format_html('<a href="{}">{}</a>', url, getattr(obj, "_claims", "-"))

    def is_on_record(self, obj) -> bool:
        # The claimant of a claim with a published verdict: renamed or deleted, the record
        # would say someone else said it.
        return services.claimant_is_on_record(obj)

    def save_model(self, request, obj, form, change):
        services.claimant_save(claimant=obj, by=request.user)
