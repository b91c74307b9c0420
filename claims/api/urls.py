"""The API's routes, in one place: ``/api/v1/`` resources, the schema and the docs."""

from __future__ import annotations

from django.http import JsonResponse
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from .intake import ArticleViewSet
from .views import (
    ChangeFeedView,
    ClaimantViewSet,
    ClaimReviewFeedViewSet,
    ClaimViewSet,
    SourceViewSet,
    VerdictViewSet,
)

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("verdicts", VerdictViewSet, basename="verdict")
router.register("claimreviews", ClaimReviewFeedViewSet, basename="claimreview")
router.register("claims", ClaimViewSet, basename="claim")
router.register("claimants", ClaimantViewSet, basename="claimant")
router.register("sources", SourceViewSet, basename="source")
router.register("articles", ArticleViewSet, basename="article")

v1 = [
    path("changes/", ChangeFeedView.as_view(), name="changes"),
    *router.urls,
]


def not_found(request, rest=""):
    """Any other path under /api/ (an id that is not a number, a typo): the API's JSON
    404, not the site's HTML page."""
    return JsonResponse({"detail": "Not found.", "code": "not_found"}, status=404)


urlpatterns = [
    path("v1/", include((v1, "api"), namespace="api")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    # [\s\S], not ".": a path may hold a (percent-encoded) line break.
    re_path(r"^(?P<rest>[\s\S]*)$", not_found),
]
