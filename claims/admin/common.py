"""Pieces the desk's admin pages share: read-only inlines, record protection, cheap paging."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.utils.functional import cached_property

from claims import desk, services, workflow

# An article's raw document and text can be megabytes: never load them for a list.
ARTICLE_BULK_FIELDS = ("article__raw", "article__text")


class CappedPaginator(Paginator):
    """A paginator that counts at most ``CAP`` rows.

    The admin's paginator runs ``SELECT COUNT(*)`` over the whole filtered list on
    every page view: at a million appearances that is most of the page's time. Counting
    a ``LIMIT``-ed subquery reads at most ``CAP + 1`` index entries; past it the list
    offers the first 40 pages (filters and search narrow it down, as editors do).
    """

    CAP = 2_000

    @cached_property
    def count(self) -> int:
        # Unordered: which rows fall under the cap does not matter to a count, and an
        # ORDER BY would make the planner walk the sort index instead of the filter's.
        rows: Any = self.object_list
        return rows.order_by()[: self.CAP + 1].count()


class FastListMixin:
    """List pages that stay fast at any size: capped count, no full count, rows annotated per page.

    ``annotate_page(rows)`` fills per-row figures (appearances, sources, ...) for the
    50 rows shown, with one grouped query over those rows only, instead of a COUNT
    annotation that groups the whole table before it can sort and cut.
    """

    paginator: Any = CappedPaginator
    show_full_result_count = False
    list_per_page = 50

    def annotate_page(self, rows: list) -> None:
        """Fill per-row figures on ``rows``, the objects of the page shown."""

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)  # type: ignore[misc]
        self.annotate_page(list(changelist.result_list))  # evaluated once, kept for the template
        return changelist


class ReadOnlyTabularInline(admin.TabularInline):
    """Rows recorded by the pipeline or kept as history: shown, never edited inline."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False


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
    """An admin whose ``save_model`` calls a service that may refuse what the form's check
    let through (a verdict published, a wording taken or a version moved in the meantime)."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (services.ClaimEditError, workflow.WorkflowError) as error:
            # Nothing was saved: the view's transaction is rolled back.
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class VersionedForm(forms.ModelForm):
    """A form holding the version its page was opened at (optimistic locking).

    Saving from an older version is refused here with who changed what since (from the
    history), the editor's input kept on the form and the hidden version moved on, so
    saving again is a deliberate choice to overwrite. The service checks the version
    again under the row lock (``workflow.check_version``): the race between this read
    and the write is closed there.
    """

    page_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # How the row is named in the conflict message ("claim", "draft").
    row_name = "row"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["page_version"].initial = self.instance.version

    def expected_version(self) -> int | None:
        return self.cleaned_data.get("page_version") if self.instance.pk is not None else None

    def clean(self):
        cleaned = super().clean()
        expected = self.expected_version()
        if expected is None:
            return cleaned
        model = type(self.instance)
        current = model._default_manager.filter(pk=self.instance.pk).values_list("version", flat=True).first()
        if current is not None and current != expected:
            changes = desk.describe_changes(desk.changes_since(model, self.instance.pk, expected))
            data: Any = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict
            data["page_version"] = str(current)
            self.data = data
            self.add_error(
                None,
                forms.ValidationError(
                    f"Someone else changed this {self.row_name} since you opened it. {changes} "
                    "Check them; save again to keep yours."
                ),
            )
        return cleaned


def percent(value: float) -> str:
    return f"{round(value * 100)}%"
