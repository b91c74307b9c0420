"""Read endpoints: verdicts, claims, claimants, sources, the change feed and ClaimReview.

Scoping lives in ``get_queryset`` (the selectors take the caller's access); every
page costs a constant number of queries (tests/api/test_queries.py counts them).
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from claims import selectors

from . import examples
from .access import Access, AccessScoped
from .claimreview import CLAIMREVIEW_FEED_SCHEMA, CLAIMREVIEW_SCHEMA, claimreview
from .filters import ClaimantFilter, ClaimFilter, FilterBackend, SourceFilter, VerdictFilter
from .pagination import ChangeCursor
from .serializers import (
    ChangePageSerializer,
    ChangeSerializer,
    ClaimantSerializer,
    ClaimSerializer,
    ErrorSerializer,
    Links,
    SourceSerializer,
    VerdictSerializer,
    links,
)


class JSONLDRenderer(JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"


def claimreview_feed(view, rows: list[dict]) -> Response:
    """A page of verdict rows as a schema.org DataFeed of ClaimReviews."""
    urls = links(view.get_serializer_context())
    sightings = selectors.claim_sightings(row["claim_id"] for row in rows)
    paginator = view.paginator
    return Response(
        {
            "@context": "https://schema.org",
            "@type": "DataFeed",
            "next": paginator.get_next_link(),
            "previous": paginator.get_previous_link(),
            "dataFeedElement": [
                claimreview(row, sightings.get(row["claim_id"], []), urls, context=False) for row in rows
            ],
        }
    )


CLAIMREVIEW_MEDIA = "application/ld+json"


class VerdictRowsMixin:
    """List and retrieve verdicts as rows (see ``selectors.verdict_rows``)."""

    def internal(self) -> bool:
        return Access.of(self.request).internal  # type: ignore[attr-defined]

    def page_of_rows(self, queryset) -> list[dict]:
        page = self.paginate_queryset(selectors.verdict_rows(queryset, internal=self.internal()))  # type: ignore[attr-defined]
        return selectors.with_evidence(list(page or []))

    def row(self, queryset, pk) -> dict:
        found = list(selectors.verdict_rows(queryset.filter(pk=pk), internal=self.internal()))
        if not found:
            raise Http404("No Verdict matches the given query.")
        return selectors.with_evidence(found)[0]


@extend_schema(tags=["verdicts"])
class VerdictViewSet(VerdictRowsMixin, AccessScoped, viewsets.ReadOnlyModelViewSet):
    """Published verdicts, newest first; a superseded verdict links to its replacement."""

    serializer_class = VerdictSerializer
    filter_backends = [FilterBackend]
    filterset_class = VerdictFilter
    renderer_classes = [JSONRenderer, JSONLDRenderer]

    def get_queryset(self):
        return selectors.verdicts_visible(internal=self.internal())

    @extend_schema(
        summary="List verdicts",
        description="Published verdicts (drafts too with the internal permission), newest first. "
        "With `Accept: application/ld+json` the page is a schema.org DataFeed of ClaimReviews "
        "(published verdicts only).",
        responses={
            (200, "application/json"): VerdictSerializer(many=True),
            (200, CLAIMREVIEW_MEDIA): OpenApiResponse(
                CLAIMREVIEW_FEED_SCHEMA, examples=[examples.CLAIMREVIEW_FEED]
            ),
        },
        examples=[examples.VERDICT_PAGE],
    )
    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        if request.accepted_renderer.format == "jsonld":
            return claimreview_feed(self, self.page_of_rows(queryset.filter(is_published=True)))
        rows = self.page_of_rows(queryset)
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)

    @extend_schema(
        summary="One verdict",
        description="With `Accept: application/ld+json`: the verdict as ClaimReview (published verdicts only).",
        responses={
            (200, "application/json"): VerdictSerializer,
            (200, CLAIMREVIEW_MEDIA): OpenApiResponse(CLAIMREVIEW_SCHEMA, examples=[examples.CLAIMREVIEW]),
        },
        examples=[examples.VERDICT],
    )
    def retrieve(self, request, *args, **kwargs):
        if request.accepted_renderer.format == "jsonld":
            return self.claimreview(request, *args, **kwargs)
        return Response(self.get_serializer(self.row(self.get_queryset(), kwargs["pk"])).data)

    @extend_schema(
        summary="One verdict as ClaimReview",
        responses={
            (200, CLAIMREVIEW_MEDIA): OpenApiResponse(CLAIMREVIEW_SCHEMA, examples=[examples.CLAIMREVIEW]),
            (200, "application/json"): OpenApiResponse(CLAIMREVIEW_SCHEMA, examples=[examples.CLAIMREVIEW]),
        },
        filters=False,
    )
    @action(detail=True, renderer_classes=[JSONLDRenderer, JSONRenderer], filter_backends=[])
    def claimreview(self, request, *args, **kwargs):
        row = self.row(self.get_queryset().filter(is_published=True), kwargs["pk"])
        urls = links(self.get_serializer_context())
        sightings = selectors.claim_sightings([row["claim_id"]]).get(row["claim_id"], [])
        return Response(claimreview(row, sightings, urls))


@extend_schema(tags=["verdicts"])
class ClaimReviewFeedViewSet(VerdictRowsMixin, AccessScoped, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Every standing published verdict as ClaimReview JSON-LD, newest first."""

    renderer_classes = [JSONLDRenderer, JSONRenderer]
    filter_backends = [FilterBackend]
    filterset_class = VerdictFilter
    serializer_class = VerdictSerializer  # for the filters' schema; the output is ClaimReview

    def internal(self) -> bool:
        return False

    def get_queryset(self):
        return selectors.verdicts_visible(internal=False).filter(superseded_by__isnull=True)

    @extend_schema(
        summary="ClaimReview feed",
        description="A schema.org DataFeed of ClaimReviews, one per claim's standing verdict. "
        "Follow `next` for more.",
        responses={
            (200, CLAIMREVIEW_MEDIA): OpenApiResponse(
                CLAIMREVIEW_FEED_SCHEMA, examples=[examples.CLAIMREVIEW_FEED]
            ),
            (200, "application/json"): OpenApiResponse(
                CLAIMREVIEW_FEED_SCHEMA, examples=[examples.CLAIMREVIEW_FEED]
            ),
        },
    )
    def list(self, request, *args, **kwargs):
        return claimreview_feed(self, self.page_of_rows(self.filter_queryset(self.get_queryset())))


@extend_schema(tags=["claims"])
class ClaimViewSet(AccessScoped, viewsets.ReadOnlyModelViewSet):
    """Claims with a published verdict (every claim with the internal permission)."""

    serializer_class = ClaimSerializer
    filter_backends = [FilterBackend]
    filterset_class = ClaimFilter

    def get_queryset(self):
        return selectors.claims_visible(internal=Access.of(self.request).internal)

    def rows_context(self, ids: list[int]) -> dict:
        return {"stats": selectors.claim_stats(ids)}

    @extend_schema(summary="List claims", examples=[examples.CLAIM_PAGE])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="One claim",
        description="A claim that editors merged into another answers with a permanent redirect "
        "(301) to the claim it now lives under, when the caller may read that one.",
        examples=[examples.CLAIM],
        responses={
            200: ClaimSerializer,
            301: OpenApiResponse(
                ErrorSerializer,
                description="Merged: `Location` is the claim it now lives under.",
                examples=[examples.CLAIM_MERGED],
            ),
        },
    )
    def retrieve(self, request, *args, **kwargs):
        try:
            return super().retrieve(request, *args, **kwargs)
        except Http404:
            survivor = selectors.claim_merged_into(kwargs.get("pk"))
            if survivor is None or not self.get_queryset().filter(pk=survivor).exists():
                raise
        location = Links(request).claim(survivor)
        if request.META.get("QUERY_STRING"):
            location += "?" + request.META["QUERY_STRING"]
        return Response(
            {"detail": f"Claim {kwargs['pk']} was merged into claim {survivor}.", "code": "merged"},
            status=status.HTTP_301_MOVED_PERMANENTLY,
            headers={"Location": location},
        )


@extend_schema(tags=["claims"])
@extend_schema_view(
    list=extend_schema(summary="List claimants", examples=[examples.CLAIMANT]),
    retrieve=extend_schema(summary="One claimant", examples=[examples.CLAIMANT]),
)
class ClaimantViewSet(AccessScoped, viewsets.ReadOnlyModelViewSet):
    """People and organisations who made the claims."""

    serializer_class = ClaimantSerializer
    filter_backends = [FilterBackend]
    filterset_class = ClaimantFilter

    def get_queryset(self):
        return selectors.claimants_visible(internal=Access.of(self.request).internal)


@extend_schema(tags=["sources"])
@extend_schema_view(
    list=extend_schema(summary="List sources", examples=[examples.SOURCE]),
    retrieve=extend_schema(summary="One source", examples=[examples.SOURCE]),
)
class SourceViewSet(AccessScoped, viewsets.ReadOnlyModelViewSet):
    """Outlets whose articles are read."""

    serializer_class = SourceSerializer
    filter_backends = [FilterBackend]
    filterset_class = SourceFilter

    def get_queryset(self):
        from sources.models import Source

        return Source.objects.all()


@extend_schema(tags=["sync"])
class ChangeFeedView(AccessScoped, GenericAPIView):
    """Every verdict published or superseded, in commit order, never missed nor repeated."""

    serializer_class = ChangeSerializer
    pagination_class = None

    @extend_schema(
        summary="Change feed",
        description=(
            "Start with `after=0` (or no `after`), store `last_seq`, and follow `next`. Entries are "
            "numbered in the order their transactions committed, so an entry can never appear behind a "
            "cursor you already hold: a client that follows `next` sees every verdict published or "
            "superseded exactly once. At the end of the feed `has_more` is false and `next` is where to "
            "poll later (send its ETag as If-None-Match to get 304 while nothing changed). A "
            "`claim_merged` entry says a claim now lives under `merged_into`."
        ),
        parameters=[
            OpenApiParameter(
                "after",
                {"type": "integer", "minimum": 0, "maximum": 2**63 - 1},
                description="Last `seq` you read (0 to start).",
                default=0,
            ),
            OpenApiParameter(
                "limit",
                {"type": "integer", "minimum": 1},
                description="Entries per page (above the cap, the cap).",
                default=100,
            ),
        ],
        responses={200: ChangePageSerializer},
        examples=[examples.CHANGE_PAGE],
    )
    def get(self, request):
        cursor = ChangeCursor(request)
        rows = selectors.changes_after(after=cursor.after, limit=cursor.limit + 1)
        page = rows[: cursor.limit]
        last_seq = page[-1]["seq"] if page else cursor.after
        return Response(
            {
                "results": ChangeSerializer(page, many=True, context=self.get_serializer_context()).data,
                "next": cursor.next_url(last_seq),
                "last_seq": last_seq,
                "has_more": len(rows) > cursor.limit,
            }
        )


__all__ = [
    "ChangeFeedView",
    "ClaimReviewFeedViewSet",
    "ClaimViewSet",
    "ClaimantViewSet",
    "JSONLDRenderer",
    "SourceViewSet",
    "VerdictViewSet",
]
