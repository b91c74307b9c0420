"""Client keys in the admin: created (the key is shown once), given permissions, revoked."""

from __future__ import annotations

from django.contrib import admin
from rest_framework_api_key.admin import APIKeyModelAdmin
from rest_framework_api_key.models import APIKey

from claims.models import ClientKey

# The library's own key model is not used: ClientKey adds the permissions.
admin.site.unregister(APIKey)


@admin.register(ClientKey)
class ClientKeyAdmin(APIKeyModelAdmin):
    list_display = (*APIKeyModelAdmin.list_display, "can_read_internal", "can_write_articles")  # type: ignore[assignment]
    list_filter = ("revoked", "can_read_internal", "can_write_articles", "created")  # type: ignore[assignment]
    search_fields = ("name", "prefix")
