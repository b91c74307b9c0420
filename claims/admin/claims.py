"""The claim queue and a claim's page: triage, assignment, the workflow's buttons."""

from __future__ import annotations

import copy

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from claims import admin_matching, desk, services, workflow
from claims.models import Claim, Claimant, Evidence, Verdict
from claims.roles import EDITORS, PUBLISHERS

from . import panels
from .common import FastListMixin, ServiceSavedAdmin, VersionedForm, percent
from .evidence import EvidenceInline
from .filters import claim_filters

State = Claim.ReviewState


class ClaimForm(VersionedForm):
    """The claim's own fields; its review state moves by the workflow's buttons.

    Checks an editor's change with the service that saves it, so a refusal is shown
    beside the field (the save checks again, under a lock).
    """

    row_name = "claim"

    class Meta:
        model = Claim
        fields = ["text", "claimant", "assignee"]

    def clean(self):
        cleaned = super().clean() or {}
        candidate = copy.copy(self.instance)
        for name in self.changed_data:
            if name in cleaned and name != "page_version":
                setattr(candidate, name, cleaned[name])
        try:
            services.claim_check(claim=candidate)
        except services.ClaimWordingTakenError as error:
            self.add_error("text" if "text" in self.fields else None, str(error))
        except services.ClaimEditError as error:
            raise forms.ValidationError(str(error)) from None
        return cleaned


def desk_members():
    return (
        get_user_model()
        .objects.filter(groups__name__in=[EDITORS, PUBLISHERS], is_active=True)
        .distinct()
        .order_by("username")
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        queryset=desk_members(), required=False, empty_label="Nobody (unassign)"
    )


class WorkflowActions(admin.ModelAdmin):
    """Bulk actions of the queue: every one goes through ``claims.workflow``, one claim at a time."""

    def _report(self, request, done: int, refused: list[str], verb: str) -> None:
        if done:
            self.message_user(request, f"{done} claim(s) {verb}.", messages.SUCCESS)
        if refused:
            reasons = "; ".join(sorted(set(refused)))
            self.message_user(
                request, f"{len(refused)} claim(s) left as they were: {reasons}", messages.WARNING
            )

    @admin.action(description="Assign to me")
    def assign_to_me(self, request, queryset):
        done, refused = workflow.claims_assign(claims=list(queryset), assignee=request.user, by=request.user)
        self._report(request, done, refused, "assigned to you")

    @admin.action(description="Assign to…")
    def assign_to(self, request, queryset):
        if "apply" in request.POST:
            form = AssignForm(request.POST)
            if form.is_valid():
                assignee = form.cleaned_data["assignee"]
                done, refused = workflow.claims_assign(
                    claims=list(queryset), assignee=assignee, by=request.user
                )
                self._report(request, done, refused, f"assigned to {assignee}" if assignee else "unassigned")
                return None
        else:
            form = AssignForm()
        return TemplateResponse(
            request,
            "admin/claims/claim/assign.html",
            {
                **self.admin_site.each_context(request),
                "title": "Assign claims",
                "claims": queryset,
                "form": form,
                "action": "assign_to",
                "opts": Claim._meta,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            },
        )

    def _transition(self, request, queryset, to: str, reason: str = ""):
        done, refused = workflow.claims_transition(
            claims=list(queryset), to=to, by=request.user, reason=reason
        )
        label = State(to).label.lower()
        if reason:
            label += f" ({Claim.DismissReason(reason).label.lower()})"
        self._report(request, done, refused, f"moved to {label}")

    @admin.action(description="Set review state: in review")
    def set_in_review(self, request, queryset):
        self._transition(request, queryset, State.IN_REVIEW)

    @admin.action(description="Set review state: new (back to triage, or reopen)")
    def set_new(self, request, queryset):
        self._transition(request, queryset, State.NEW)


def _dismiss_action(reason: Claim.DismissReason):
    def action(self, request, queryset):
        self._transition(request, queryset, State.DISMISSED, reason.value)

    action.__name__ = f"dismiss_{reason.value}"
    return admin.action(description=f"Dismiss: {reason.label.lower()}")(action)


for _reason in Claim.DismissReason:
    setattr(WorkflowActions, f"dismiss_{_reason.value}", _dismiss_action(_reason))


@admin.register(Claim)
class ClaimAdmin(FastListMixin, ServiceSavedAdmin, WorkflowActions, SimpleHistoryAdmin):
    list_display = [
        "claim_text",
        "claimant_link",
        "score",
        "appearances",
        "sources",
        "status",
        "review_state",
        "assignee",
        admin_matching.resurfaced,
    ]
    list_display_links = ["claim_text"]
    list_filter = claim_filters()
    search_fields = ["text", "claimant__name"]
    list_select_related = ["claimant", "assignee"]
    autocomplete_fields = ["claimant"]
    form = ClaimForm
    actions = [
        "assign_to_me",
        "assign_to",
        "set_in_review",
        "set_new",
        *[f"dismiss_{reason.value}" for reason in Claim.DismissReason],
        admin_matching.merge_claims,
    ]
    readonly_fields = [
        "status",
        "review_state",
        "dismiss_reason",
        "score",
        "language",
        "merged_into",
        "resurfaced_at",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["text", "claimant", "assignee", "page_version"]}),
        (
            "State",
            {
                "fields": [
                    ("status", "review_state", "dismiss_reason"),
                    ("score", "language"),
                    ("created_at", "updated_at"),
                ]
            },
        ),
    ]
    inlines = [EvidenceInline]
    change_form_template = "admin/claims/claim/desk_change_form.html"
    change_list_template = "admin/claims/claim/desk_change_list.html"

    # -- the queue --------------------------------------------------------------------

    def annotate_page(self, rows):
        sightings = desk.claims_sightings([row.pk for row in rows])
        for row in rows:
            row._appearances, row._sources = sightings.get(row.pk, (0, 0))

    @admin.display(description="claim", ordering="text")
    def claim_text(self, obj):
        return obj.text if len(obj.text) <= 160 else obj.text[:159] + "…"

    @admin.display(description="claimant", ordering="claimant__name")
    def claimant_link(self, obj):
        if obj.claimant_id is None:
            return "-"
        url = reverse("admin:claims_claim_changelist") + f"?claimant={obj.claimant_id}&state=all"
        return format_html('<a href="{}" title="All claims by {}">{}</a>', url, obj.claimant, obj.claimant)

    @admin.display(description="check-worthy", ordering="checkworthiness")
    def score(self, obj):
        value = percent(obj.checkworthiness)
        return format_html(
            '<span class="desk-score" title="check-worthiness {}"><span style="width:{}"></span></span> {}',
            value,
            value,
            value,
        )

    @admin.display(description="appearances")
    def appearances(self, obj):
        return getattr(obj, "_appearances", "-")

    @admin.display(description="sources")
    def sources(self, obj):
        return getattr(obj, "_sources", "-")

    # Claimants matched by a search term, looked up first and passed as a list (up to
    # this many; past it, a subquery).
    SEARCH_CLAIMANTS_MAX = 500

    def get_search_results(self, request, queryset, search_term):
        """Claim text or claimant name, each word: on claims' own columns, no join.

        ``claimant__name`` in ``search_fields`` would OR across a LEFT JOIN, which no
        index serves, and ``claimant_id IN (subquery)`` leaves the planner guessing half
        the table matches, so it scans it. The claimants matching a term are looked up
        first (a small table, trigram index on PostgreSQL); ``text LIKE ... OR
        claimant_id IN (1, 2, ...)`` is then a BitmapOr of the text's trigram index and
        the claimant index.
        """
        terms = search_term.split()
        if not terms:
            return queryset, False
        for term in terms:
            claimants = Claimant.objects.filter(name__icontains=term).values_list("pk", flat=True)
            found = list(claimants[: self.SEARCH_CLAIMANTS_MAX + 1])
            by_claimant = claimants if len(found) > self.SEARCH_CLAIMANTS_MAX else found
            queryset = queryset.filter(Q(text__icontains=term) | Q(claimant_id__in=by_claimant))
        return queryset, False

    # -- a claim's page -----------------------------------------------------------------

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and services.claim_is_on_record(obj):
            # What its published verdict ruled on: shown, not a form field, so a posted value
            # is never read (and claim_save would refuse it).
            fields += [name for name in services.RECORD_FIELDS if name not in fields]
        return fields

    def get_fieldsets(self, request, obj=None):
        return self.fieldsets

    def change_view(self, request, object_id, form_url="", extra_context=None):
        claim = self.get_object(request, object_id)
        context = dict(extra_context or {})
        if claim is not None:
            verdicts = panels.verdicts(claim)
            drafts = [row.verdict for row in verdicts if row.state == "draft"]
            current = next((row.verdict for row in verdicts if row.state == "current"), None)
            context.update(
                appearances=panels.appearances(claim, current),
                appearance_list_url=reverse("admin:claims_claimappearance_changelist")
                + f"?claim__id__exact={claim.pk}",
                verdict_rows=verdicts,
                history=panels.history(claim),
                buttons=self.buttons(request, claim, drafts),
                publish_refusals={v.pk: workflow.publish_refusal(v, request.user) for v in drafts},
                dismiss_reasons=Claim.DismissReason.choices,
                claim_version=claim.version,
            )
        return super().change_view(request, object_id, form_url, extra_context=context)

    def buttons(self, request, claim: Claim, drafts: list[Verdict]) -> dict:
        state = claim.review_state
        can_edit = self.has_change_permission(request, claim)
        return {
            "start_review": can_edit and state == State.NEW,
            "back_to_triage": can_edit and state == State.IN_REVIEW,
            "back_to_review": can_edit and state == State.VERDICT_DRAFTED,
            "reopen": can_edit and state == State.DISMISSED,
            "dismiss": can_edit and workflow.allowed(claim, State.DISMISSED),
            "assign_to_me": can_edit and claim.assignee_id != request.user.pk,
            "write_verdict": request.user.has_perm("claims.add_verdict")
            and state not in (State.DISMISSED, State.PUBLISHED)
            and not drafts,
            "correction": state == State.PUBLISHED and not drafts,
        }

    def save_model(self, request, obj, form, change):
        workflow.claim_edit(claim=obj, by=request.user, expected_version=form.expected_version())

    def save_formset(self, request, form, formset, change):
        if formset.model is not Evidence:
            return super().save_formset(request, form, formset, change)
        for instance in formset.save(commit=False):
            services.evidence_save(evidence=instance, by=request.user)
        for instance in formset.deleted_objects:
            services.evidence_delete(evidence=instance, by=request.user)
        formset.save_m2m()

    # -- the workflow's buttons ---------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "<int:claim_id>/workflow/",
                self.admin_site.admin_view(self.workflow_view),
                name="claims_claim_workflow",
            ),
            *super().get_urls(),
        ]

    def workflow_view(self, request, claim_id: int):
        return require_POST(self._workflow)(request, claim_id)

    def _workflow(self, request, claim_id: int):
        claim = get_object_or_404(Claim, pk=claim_id)
        if not self.has_change_permission(request, claim):
            raise PermissionDenied
        step = request.POST.get("step", "")
        version = request.POST.get("version")
        expected = int(version) if version and version.isdigit() else None
        by = request.user
        try:
            if step == "assign_to_me":
                workflow.claim_assign(claim=claim, assignee=by, by=by, expected_version=expected)
                done = "Assigned to you."
            elif step == "publish":
                verdict = get_object_or_404(Verdict, pk=request.POST.get("verdict"), claim=claim)
                workflow.verdict_publish(verdict=verdict, by=by)
                done = "Verdict published."
            elif step in (State.NEW, State.IN_REVIEW, State.VERDICT_DRAFTED, State.DISMISSED):
                reason = request.POST.get("reason", "")
                workflow.claim_transition(
                    claim=claim, to=step, by=by, reason=reason, expected_version=expected
                )
                done = f"Moved to {State(step).label.lower()}."
            else:
                raise workflow.WorkflowError("Unknown step.")
        except workflow.ConflictError as error:
            changes = desk.describe_changes(desk.changes_since(Claim, claim.pk, expected or 0))
            self.message_user(request, f"{error} {changes} Nothing was done: look again.", messages.ERROR)
        except workflow.WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, done, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:claims_claim_change", args=[claim.pk]))
