"""Query filters of the list endpoints (django-filter; documented in the schema from here)."""

from __future__ import annotations

from datetime import UTC

import django_filters as filters
from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import Exists, OuterRef
from django_filters.fields import IsoDateTimeField
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field

from claims.models import Claim, Claimant, ClaimAppearance, Verdict
from sources.models import Article, Source


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 2**63 - 1})
class IdFilter(filters.NumberFilter):
    """A row id: a whole number in the database's range (a float or a 30-digit number is a 400)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class NulFreeCharField(forms.CharField):
    """Free text for a search: a NUL character can match nothing stored (PostgreSQL text
    cannot hold one), so it is dropped rather than refused."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\x00", "") if isinstance(value, str) else value


class TextFilter(filters.CharFilter):
    field_class = NulFreeCharField


class UTCDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time, handed to the database in UTC. PostgreSQL refuses offsets
    beyond 15:59 that ISO 8601 (and Python) accept, and a date at the edge of the
    calendar can leave it once converted: both are a 400, not a database error."""

    def to_python(self, value):
        parsed = super().to_python(value)
        if parsed is None:
            return None
        try:
            return parsed.astimezone(UTC)
        except OverflowError:
            raise forms.ValidationError("This date-time is out of range.") from None


class UTCDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = UTCDateTimeField


class StrictBooleanField(forms.Field):
    """``true`` or ``false`` (also 1 and 0); anything else is a 400, not "no filter"."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        normalized = str(value).strip().lower()
        if normalized in ("true", "1"):
            return True
        if normalized in ("false", "0"):
            return False
        raise forms.ValidationError("Give true or false.")


class StrictBooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField


class StrictFilterSet(filters.FilterSet):
    """A typed parameter given empty (``?published_after=``) is a 400, not "no filter":
    a client that sent it meant something, and the schema says what it must be."""

    def is_valid(self) -> bool:
        valid = super().is_valid()
        for name, declared in self.filters.items():
            if self.data.get(name) == "" and not isinstance(declared, filters.CharFilter):
                self.form.add_error(name, "Give a value or leave the parameter out.")
                valid = False
        return valid


def _appears_in_source(claim_ref: str):
    def filter_source(queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(
            Exists(ClaimAppearance.objects.filter(claim=OuterRef(claim_ref), article__source_id=value))
        )

    return filter_source


class VerdictFilter(StrictFilterSet):
    status = filters.ChoiceFilter(choices=Claim.Status.choices, help_text="The ruling.")
    claim = IdFilter(field_name="claim_id", help_text="Verdicts on this claim id.")
    claimant = IdFilter(field_name="claim__claimant_id", help_text="Claims of this claimant id.")
    source = IdFilter(
        method=_appears_in_source("claim_id"), help_text="Claims that appeared in articles of this source id."
    )
    language = TextFilter(field_name="claim__language", help_text="ISO 639-1 code of the claim.")
    published_after = UTCDateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_before = UTCDateTimeFilter(field_name="published_at", lookup_expr="lt")
    current = StrictBooleanFilter(
        field_name="superseded_by", lookup_expr="isnull", help_text="true: only verdicts not superseded."
    )
    q = TextFilter(field_name="claim__text", lookup_expr="icontains", help_text="Words in the claim.")

    class Meta:
        model = Verdict
        fields: list[str] = []


class ClaimFilter(StrictFilterSet):
    status = filters.ChoiceFilter(choices=Claim.Status.choices)
    claimant = IdFilter(field_name="claimant_id", help_text="Claims of this claimant id.")
    source = IdFilter(
        method=_appears_in_source("pk"), help_text="Claims that appeared in articles of this source id."
    )
    language = TextFilter(field_name="language", help_text="ISO 639-1 code.")
    updated_after = UTCDateTimeFilter(field_name="updated_at", lookup_expr="gte")
    updated_before = UTCDateTimeFilter(field_name="updated_at", lookup_expr="lt")
    created_after = UTCDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = UTCDateTimeFilter(field_name="created_at", lookup_expr="lt")
    q = TextFilter(field_name="text", lookup_expr="icontains", help_text="Words in the claim.")
    resurfaced = StrictBooleanFilter(
        field_name="resurfaced_at",
        lookup_expr="isnull",
        exclude=True,
        help_text="true: claims an article repeated after their verdict; false: the others.",
    )

    class Meta:
        model = Claim
        fields: list[str] = []


class ClaimantFilter(StrictFilterSet):
    kind = filters.ChoiceFilter(choices=Claimant.Kind.choices)
    q = TextFilter(field_name="name", lookup_expr="icontains", help_text="Words in the name.")

    class Meta:
        model = Claimant
        fields: list[str] = []


class SourceFilter(StrictFilterSet):
    domain = TextFilter(field_name="domain", help_text="Exact domain, e.g. 'bbc.co.uk'.")
    q = TextFilter(field_name="name", lookup_expr="icontains", help_text="Words in the name.")

    class Meta:
        model = Source
        fields: list[str] = []


class ArticleFilter(StrictFilterSet):
    status = filters.ChoiceFilter(choices=Article.Status.choices)

    class Meta:
        model = Article
        fields: list[str] = []


class FilterBackend(DjangoFilterBackend):
    """django-filter, skipped when no filter parameter is given: building the filter form
    (a deep copy of every filter's field) was a tenth of a verdict page's server time
    (bench/api.py), for a page that filters nothing."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = getattr(view, "filterset_class", None)
        if filterset_class is not None and not set(request.query_params) & set(filterset_class.base_filters):
            return queryset
        return super().filter_queryset(request, queryset, view)
