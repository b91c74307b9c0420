"""The API's shapes.

The declared fields are the OpenAPI components and the contract; ``to_representation``
builds the same dictionaries by hand from rows the selectors loaded, because DRF's
field-by-field machinery costs more than the queries on a 50-item page
(bench/api.py measures both). tests/api/test_serializers.py checks that every
representation has exactly the declared fields, and schemathesis validates every
response against the schema.

Fields only callers with the internal permission see are declared ``required=False``
and say so; the serializers are output-only, so "required" here means "always present".
"""

from __future__ import annotations

import functools
from typing import Any

from django.core.validators import ProhibitNullCharactersValidator, RegexValidator
from django.urls import reverse
from rest_framework import serializers

from claims.models import Change, Claim, Claimant, Evidence
from claims.selectors import ClaimStats
from sources.models import Article, Source

INTERNAL = "Only with the read-internal permission (or an editor's session)."


def iso(value) -> str | None:
    """DRF's datetime format (UTC with 'Z'), without a field object per value."""
    if value is None:
        return None
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


@functools.cache
def _paths() -> dict[str, str]:
    """The collection paths, reversed once per process rather than once per request."""
    names = {"verdicts": "verdict", "claims": "claim", "claimants": "claimant", "sources": "source"}
    paths = {key: reverse(f"api:{name}-list") for key, name in names.items()}
    paths["articles"] = reverse("api:article-list")
    return paths


class Links:
    """Absolute URLs, built once per request rather than one ``reverse`` per row."""

    def __init__(self, request) -> None:
        root = request.build_absolute_uri("/")[:-1] if request is not None else ""
        paths = _paths()
        self.root = root
        self.verdicts = root + paths["verdicts"]
        self.claims = root + paths["claims"]
        self.claimants = root + paths["claimants"]
        self.sources = root + paths["sources"]
        self.articles = root + paths["articles"]
        self.pages = root + "/claims/"

    def verdict(self, pk: int) -> str:
        return f"{self.verdicts}{pk}/"

    def claim(self, pk: int) -> str:
        return f"{self.claims}{pk}/"

    def page(self, claim_id: int) -> str:
        return f"{self.pages}{claim_id}/"


def links(context: dict[str, Any]) -> Links:
    found = context.get("links")
    if found is None:
        found = context["links"] = Links(context.get("request"))
    return found


class ClaimantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=Claimant.Kind.choices)

    def to_representation(self, instance: Claimant) -> dict[str, Any] | None:  # type: ignore[override]
        return claimant_dict(instance)


def claimant_dict(claimant: Claimant | None) -> dict[str, Any] | None:
    if claimant is None:
        return None
    return {"id": claimant.pk, "name": claimant.name, "kind": claimant.kind}


class SourceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    homepage = serializers.URLField(allow_blank=True)
    domain = serializers.CharField(allow_blank=True)

    def to_representation(self, instance: Source) -> dict[str, Any]:
        return {
            "id": instance.pk,
            "name": instance.name,
            "homepage": instance.homepage,
            "domain": instance.domain,
        }


class SourceRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class EvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField(allow_blank=True, help_text="Where the evidence can be read.")
    source = SourceRefSerializer(allow_null=True, help_text="The outlet of the evidence, if known.")
    excerpt = serializers.CharField(allow_blank=True, help_text="The passage quoted, verbatim.")
    stance = serializers.ChoiceField(choices=Evidence.Stance.choices)
    note = serializers.CharField(required=False, help_text="The editor's note. " + INTERNAL)


def evidence_dict(link: dict[str, Any], *, internal: bool) -> dict[str, Any]:
    """A row of ``selectors.with_evidence`` as the API shows it."""
    source_id = link["evidence__source_id"]
    data: dict[str, Any] = {
        "id": link["evidence_id"],
        "url": link["evidence__url"],
        "source": None if source_id is None else {"id": source_id, "name": link["evidence__source__name"]},
        "excerpt": link["evidence__excerpt"],
        "stance": link["evidence__stance"],
    }
    if internal:
        data["note"] = link["evidence__note"]
    return data


class ClaimRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField(help_text="The claim in this API.")
    page_url = serializers.URLField(help_text="The public page of the claim, with its ClaimReview markup.")
    text = serializers.CharField()
    claimant = ClaimantSerializer(allow_null=True)
    language = serializers.CharField(allow_blank=True, help_text="ISO 639-1 code.")


class EditorSerializer(serializers.Serializer):
    username = serializers.CharField()


class VerdictSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField()
    claim = ClaimRefSerializer()
    status = serializers.ChoiceField(choices=Claim.Status.choices, help_text="The ruling.")
    rating = serializers.CharField(help_text="The ruling as ClaimReview's alternateName.")
    explanation = serializers.CharField(help_text="What the evidence shows.")
    evidence = EvidenceSerializer(many=True, help_text="The evidence the verdict cites.")
    published_at = serializers.DateTimeField(allow_null=True, help_text="Null only for drafts. ")
    is_current = serializers.BooleanField(
        help_text="Published and not superseded: the claim's standing verdict."
    )
    superseded_by = serializers.IntegerField(
        allow_null=True, help_text="The id of the verdict that replaced this one, if one did."
    )
    superseded_at = serializers.DateTimeField(allow_null=True)
    claimreview_url = serializers.URLField(help_text="This verdict as schema.org ClaimReview JSON-LD.")
    is_published = serializers.BooleanField(required=False, help_text=INTERNAL)
    author = EditorSerializer(required=False, help_text="The editor who wrote it. " + INTERNAL)
    created_at = serializers.DateTimeField(required=False, help_text=INTERNAL)

    def to_representation(self, instance: dict[str, Any]) -> dict[str, Any]:  # type: ignore[override]
        return verdict_dict(instance, links(self.context), internal=self.context.get("internal", False))


STATUS_LABELS = dict(Claim.Status.choices)


def verdict_dict(row: dict[str, Any], urls: Links, *, internal: bool) -> dict[str, Any]:
    """A row of ``selectors.verdict_rows`` (evidence attached) as the API shows it."""
    claim_id, claimant_id = row["claim_id"], row["claim__claimant_id"]
    data: dict[str, Any] = {
        "id": row["id"],
        "url": urls.verdict(row["id"]),
        "claim": {
            "id": claim_id,
            "url": urls.claim(claim_id),
            "page_url": urls.page(claim_id),
            "text": row["claim__text"],
            "claimant": None
            if claimant_id is None
            else {
                "id": claimant_id,
                "name": row["claim__claimant__name"],
                "kind": row["claim__claimant__kind"],
            },
            "language": row["claim__language"],
        },
        "status": row["status"],
        "rating": STATUS_LABELS[row["status"]],
        "explanation": row["explanation"],
        "evidence": [evidence_dict(link, internal=internal) for link in row["evidence"]],
        "published_at": iso(row["published_at"]),
        "is_current": row["is_published"] and row["superseded_by_id"] is None,
        "superseded_by": row["superseded_by_id"],
        "superseded_at": iso(row["superseded_at"]),
        "claimreview_url": f"{urls.verdict(row['id'])}claimreview/",
    }
    if internal:
        data["is_published"] = row["is_published"]
        data["author"] = {"username": row["author__username"]}
        data["created_at"] = iso(row["created_at"])
    return data


class VerdictRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField()
    status = serializers.ChoiceField(choices=Claim.Status.choices)
    published_at = serializers.DateTimeField()


class ClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField()
    page_url = serializers.URLField(
        allow_null=True,
        help_text="The public page with ClaimReview markup; null until a verdict is published.",
    )
    text = serializers.CharField(help_text="Canonical wording of the claim.")
    claimant = ClaimantSerializer(allow_null=True)
    language = serializers.CharField(allow_blank=True, help_text="ISO 639-1 code.")
    status = serializers.ChoiceField(choices=Claim.Status.choices)
    current_verdict = VerdictRefSerializer(allow_null=True, help_text="The standing published verdict.")
    appearances = serializers.IntegerField(help_text="How many times articles stated it.")
    sources = serializers.IntegerField(help_text="How many distinct outlets stated it.")
    first_seen = serializers.DateTimeField(allow_null=True)
    last_seen = serializers.DateTimeField(allow_null=True)
    resurfaced_at = serializers.DateTimeField(
        allow_null=True,
        help_text="When an article last repeated the claim after it was ruled on; null if none has.",
    )
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    review_state = serializers.ChoiceField(
        choices=Claim.ReviewState.choices, required=False, help_text=INTERNAL
    )
    checkworthiness = serializers.FloatField(required=False, help_text="0 to 1. " + INTERNAL)
    assignee = EditorSerializer(required=False, allow_null=True, help_text=INTERNAL)

    def to_representation(self, instance: Claim) -> dict[str, Any]:
        urls = links(self.context)
        stats = self.context.get("stats", {}).get(instance.pk, ClaimStats())
        # ``current_verdicts``: the selector's prefetch of the standing published verdict.
        standing = getattr(instance, "current_verdicts", None)
        current = standing[0] if standing else None
        data: dict[str, Any] = {
            "id": instance.pk,
            "url": urls.claim(instance.pk),
            "page_url": urls.page(instance.pk) if current is not None else None,
            "text": instance.text,
            "claimant": claimant_dict(instance.claimant),
            "language": instance.language,
            "status": instance.status,
            "current_verdict": None
            if current is None
            else {
                "id": current.pk,
                "url": urls.verdict(current.pk),
                "status": current.status,
                "published_at": iso(current.published_at),
            },
            "appearances": stats.appearances,
            "sources": stats.sources,
            "first_seen": iso(stats.first_seen),
            "last_seen": iso(stats.last_seen),
            "resurfaced_at": iso(instance.resurfaced_at),
            "created_at": iso(instance.created_at),
            "updated_at": iso(instance.updated_at),
        }
        if self.context.get("internal"):
            data["review_state"] = instance.review_state
            data["checkworthiness"] = instance.checkworthiness
            assignee = instance.assignee
            data["assignee"] = None if assignee is None else {"username": assignee.get_username()}
        return data


class ChangeSerializer(serializers.Serializer):
    seq = serializers.IntegerField(help_text="Position in the feed; pass the last one you read as `after`.")
    kind = serializers.ChoiceField(choices=Change.Kind.choices)
    at = serializers.DateTimeField(help_text="When the change was recorded.")
    claim = serializers.IntegerField(help_text="The id of the claim concerned.")
    verdict = VerdictSerializer(
        allow_null=True, help_text="The verdict published or superseded, as it stands now."
    )
    merged_into = serializers.IntegerField(
        allow_null=True, help_text="For claim_merged: the claim id this claim now lives under."
    )

    def to_representation(self, instance: dict[str, Any]) -> dict[str, Any]:  # type: ignore[override]
        """A row of ``selectors.changes_after``."""
        urls = links(self.context)
        verdict = instance["verdict"]
        return {
            "seq": instance["seq"],
            "kind": instance["kind"],
            "at": iso(instance["created_at"]),
            "claim": instance["claim_id"],
            "verdict": None if verdict is None else verdict_dict(verdict, urls, internal=False),
            "merged_into": instance["merged_into_id"],
        }


class ChangePageSerializer(serializers.Serializer):
    results = ChangeSerializer(many=True)
    next = serializers.URLField(
        help_text="Follow it for the next page; poll it later when `has_more` is false."
    )
    last_seq = serializers.IntegerField(help_text="The cursor to resume from (the `after` of `next`).")
    has_more = serializers.BooleanField(help_text="More entries are waiting beyond this page.")


class ArticleClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()


class ArticleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status_url = serializers.URLField(help_text="Poll this for the processing status.")
    status = serializers.ChoiceField(choices=Article.Status.choices)
    status_note = serializers.CharField(allow_blank=True, help_text="Why a processed article has no claims.")
    last_error = serializers.CharField(allow_blank=True, help_text="Why processing failed, if it did.")
    url = serializers.CharField(allow_blank=True)
    title = serializers.CharField(allow_blank=True)
    source = SourceRefSerializer(allow_null=True)
    language = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()
    processed_at = serializers.DateTimeField(allow_null=True)
    claims = ArticleClaimSerializer(many=True, help_text="The claims found in it, once processed.")

    def to_representation(self, instance: Article) -> dict[str, Any]:
        urls = links(self.context)
        source = instance.source
        found = self.context.get("article_claims", {}).get(instance.pk, [])
        return {
            "id": instance.pk,
            "status_url": f"{urls.articles}{instance.pk}/",
            "status": instance.status,
            "status_note": instance.status_note,
            "last_error": instance.last_error,
            "url": instance.url,
            "title": instance.title,
            "source": None if source is None else {"id": source.pk, "name": source.name},
            "language": instance.language,
            "created_at": iso(instance.created_at),
            "processed_at": iso(instance.processed_at),
            "claims": [{"id": claim_id, "text": text} for claim_id, text in found],
        }


class StrictCharField(serializers.CharField):
    """A JSON string: a number or a boolean is refused, not turned into text."""

    def __init__(self, *, keep_nul: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        if keep_nul:
            # A document's text may hold anything; unusable bytes are stored as a failed
            # article with its reason, not refused here.
            current: list = list(self.validators)  # type: ignore[has-type]
            self.validators = [v for v in current if not isinstance(v, ProhibitNullCharactersValidator)]

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


# A fetchable URL: http(s) and printable ASCII only (an IRI's other characters percent-encoded).
HTTP_URL = RegexValidator(r"^https?://[!-~]+$", "Enter an http:// or https:// URL.")


def url_field(**kwargs) -> StrictCharField:
    return StrictCharField(max_length=2000, validators=[HTTP_URL], **kwargs)


class _SubmissionCommon(serializers.Serializer):
    title = StrictCharField(required=False, max_length=500, allow_blank=True)
    source = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=2**63 - 1,
        help_text="A source id (GET /sources/).",
    )


class ArticleByURLSerializer(_SubmissionCommon):
    url = url_field(help_text="Fetched by the server (public http(s) hosts only, size and time capped).")


class ArticleByTextSerializer(_SubmissionCommon):
    text = StrictCharField(keep_nul=True, trim_whitespace=False, help_text="The article as plain text.")
    canonical_url = url_field(required=False, help_text="Where the text was published.")


class ArticleByHTMLSerializer(_SubmissionCommon):
    html = StrictCharField(keep_nul=True, trim_whitespace=False, help_text="The article as HTML.")
    canonical_url = url_field(required=False, help_text="Where the page was published.")


class ArticleIntakeSerializer(_SubmissionCommon):
    """What the intake reads: exactly one of ``url``, ``text`` or ``html`` (the schema
    shows the three as ``oneOf``)."""

    url = url_field(required=False)
    text = StrictCharField(required=False, keep_nul=True, trim_whitespace=False)
    html = StrictCharField(required=False, keep_nul=True, trim_whitespace=False)
    canonical_url = url_field(required=False)

    def validate_title(self, value: str) -> str:
        return value.replace("\x00", "")

    def validate_source(self, value: int | None) -> Source | None:
        if value is None:
            return None
        source = Source.objects.filter(pk=value).first()
        if source is None:
            raise serializers.ValidationError(f"No source has the id {value}.")
        return source

    def validate(self, attrs):
        given = [name for name in ("url", "text", "html") if name in attrs]
        if len(given) != 1:
            raise serializers.ValidationError("Send exactly one of 'url', 'text' or 'html'.")
        return attrs


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, for a person.")
    code = serializers.CharField(help_text="A stable machine-readable code, e.g. 'not_found', 'throttled'.")
    field_errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For invalid input: the messages per field ('non_field_errors' for the whole body).",
    )
