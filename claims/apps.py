from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ClaimsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "claims"

    def ready(self) -> None:
        from . import record_guard

        # Schema upkeep, not logic: the record guard trigger survives SQLite's table copies.
        post_migrate.connect(record_guard.after_migrate, sender=self, dispatch_uid="claims_record_guard")
