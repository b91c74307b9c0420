from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path
from django.views.generic import RedirectView

from claims.views import claim_page


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


admin.site.site_header = "Fact-check claim tracker"
admin.site.site_title = "Fact-check"
admin.site.index_title = "Claims, sources and verdicts"

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("admin/", admin.site.urls),
    path("healthz", healthz),
    path("api/", include("claims.api.urls")),
    path("claims/<int:claim_id>/", claim_page, name="claim-page"),
]
