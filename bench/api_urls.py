"""The product's URLs plus the baseline the issue asks for: a plain DRF ``ModelViewSet``
with a ``ModelSerializer`` over the same published verdicts, with the same
authentication, throttling and pagination (the project's DRF defaults)."""

from __future__ import annotations

from django.urls import include, path
from rest_framework import serializers, viewsets
from rest_framework.routers import SimpleRouter

from claims.models import Verdict


class PlainVerdictSerializer(serializers.ModelSerializer):
    class Meta:
        model = Verdict
        fields = "__all__"


class PlainVerdictViewSet(viewsets.ModelViewSet):
    serializer_class = PlainVerdictSerializer
    queryset = Verdict.objects.filter(is_published=True)


router = SimpleRouter()
router.register("verdicts", PlainVerdictViewSet, basename="plain-verdict")

urlpatterns = [
    path("plain/", include(router.urls)),
    path("", include("factcheck.urls")),
]
