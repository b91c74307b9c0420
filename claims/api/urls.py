"""The API's routes, in one place: ``/api/v1/`` resources, the schema and the docs."""

from __future__ import annotations

from django.urls import include, path
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

urlpatterns = [
    path("v1/", include((v1, "api"), namespace="api")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
