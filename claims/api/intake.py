"""``POST /api/v1/articles/``: clients push articles in; the status URL shows what became of them."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from drf_spectacular.utils import OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from claims import selectors
from sources.fetching import FetchError, fetch_url
from sources.models import Article
from sources.services import article_intake

from . import examples
from .access import AccessScoped, CanRead, CanWriteArticles
from .errors import FetchFailed, PayloadTooLarge
from .filters import ArticleFilter, FilterBackend
from .serializers import (
    ArticleByHTMLSerializer,
    ArticleByTextSerializer,
    ArticleByURLSerializer,
    ArticleIntakeSerializer,
    ArticleSerializer,
    ErrorSerializer,
)


@extend_schema(tags=["articles"])
class ArticleViewSet(
    AccessScoped,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Articles as intake status: pushed by clients or read from feeds, and the claims found."""

    serializer_class = ArticleSerializer
    permission_classes = [CanRead, CanWriteArticles]
    parser_classes = [JSONParser]
    filter_backends = [FilterBackend]
    filterset_class = ArticleFilter

    def get_queryset(self):
        return selectors.articles_visible()

    def rows_context(self, ids: list[int]) -> dict:
        return {"article_claims": selectors.article_claims(ids)}

    @extend_schema(
        summary="Submit an article",
        description=(
            "Send exactly one of `url` (fetched by the server through its safe fetcher: public hosts "
            "only, size and time capped), `text` or `html`. `202 Accepted` with the article and its "
            "`status_url`; the same content again (or a URL already stored) answers `200` with the "
            "existing article and queues nothing. Bodies over the size cap get `413`."
        ),
        request=PolymorphicProxySerializer(
            component_name="ArticleSubmission",
            serializers=[ArticleByURLSerializer, ArticleByTextSerializer, ArticleByHTMLSerializer],
            resource_type_field_name=None,
        ),
        responses={
            202: OpenApiResponse(ArticleSerializer, description="Stored and queued."),
            200: OpenApiResponse(ArticleSerializer, description="Already stored: the existing article."),
            413: OpenApiResponse(ErrorSerializer, description="The body is over the size cap."),
            422: OpenApiResponse(ErrorSerializer, description="The URL could not be fetched."),
        },
        examples=[
            examples.ARTICLE_BY_URL,
            examples.ARTICLE_BY_TEXT,
            examples.ARTICLE_ACCEPTED,
            examples.ARTICLE_EXISTING,
        ],
    )
    def create(self, request, *args, **kwargs):
        cap = settings.FACTCHECK_API_MAX_BODY_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > cap:
            raise PayloadTooLarge(f"The body is larger than {cap} bytes.")
        intake = ArticleIntakeSerializer(data=request.data)
        intake.is_valid(raise_exception=True)
        data = intake.validated_data
        source = data.get("source")
        if "url" in data:
            existing = Article.objects.filter(url=data["url"]).order_by("pk").first()
            if existing is not None:
                return self._respond(existing, created=False)
            try:
                fetched = fetch_url(
                    data["url"],
                    max_bytes=settings.FACTCHECK_FETCH_MAX_BYTES,
                    timeout=settings.FACTCHECK_FETCH_TIMEOUT,
                )
            except FetchError as exc:
                raise FetchFailed(str(exc)) from None
            body, content_type, url = fetched.data, fetched.content_type, fetched.url
        elif "html" in data:
            body, content_type = data["html"].encode(), "text/html; charset=utf-8"
            url = data.get("canonical_url", "")
        else:
            body, content_type = data["text"].encode(), "text/plain; charset=utf-8"
            url = data.get("canonical_url", "")
        with transaction.atomic():
            outcome = article_intake(
                data=body,
                content_type=content_type,
                url=url,
                title=data.get("title", ""),
                source=source,
                original_name=f"api:{getattr(request.auth, 'prefix', 'editor')}",
            )
        return self._respond(outcome.article, created=outcome.created)

    def _respond(self, article: Article, *, created: bool) -> Response:
        article = self.get_queryset().get(pk=article.pk)
        body = self.get_serializer(article).data
        code = status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK
        return Response(body, status=code, headers={"Location": body["status_url"]})

    @extend_schema(summary="Articles and their processing status", examples=[examples.ARTICLE_STATUS])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="One article's processing status and the claims found", examples=[examples.ARTICLE_STATUS]
    )
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)
