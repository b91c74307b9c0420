from django.contrib import admin
from django.http import HttpResponse
from django.urls import path
from django.views.generic import RedirectView


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


admin.site.site_header = "Fact-check claim tracker"
admin.site.site_title = "Fact-check"
admin.site.index_title = "Claims, sources and verdicts"

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("admin/", admin.site.urls),
    path("healthz", healthz),
]
