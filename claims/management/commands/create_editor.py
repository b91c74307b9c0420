"""``manage.py create_editor [USERNAME]``: an editor login for the admin, password printed."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db import transaction

EDITORS_GROUP = "Editors"
# What editors do: everything on claims and evidence, read and correct sources and
# articles; verdicts are added, never deleted.
EDITOR_PERMISSIONS = {
    "claims": {
        "claim": ["view", "change"],
        "claimant": ["view", "add", "change"],
        # Change: an editor moves a sighting to another claim or splits it off.
        "claimappearance": ["view", "change"],
        "matchsuggestion": ["view", "change"],
        "matchchange": ["view"],
        "evidence": ["view", "add", "change", "delete"],
        "verdict": ["view", "add", "change"],
    },
    "sources": {
        "source": ["view", "add", "change"],
        "feed": ["view", "add", "change"],
        "article": ["view", "change"],
        "articleurl": ["view"],
    },
}


def editors_group() -> Group:
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    codenames = [
        f"{action}_{model}"
        for models in EDITOR_PERMISSIONS.values()
        for model, actions in models.items()
        for action in actions
    ]
    group.permissions.set(
        Permission.objects.filter(content_type__app_label__in=EDITOR_PERMISSIONS, codename__in=codenames)
    )
    return group


class Command(BaseCommand):
    help = "Create (or reset the password of) an editor account and print its login."

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", default="editor")
        parser.add_argument("--password", help="Set this password instead of a random one.")

    @transaction.atomic
    def handle(self, *args, username, password, **options):
        password = password or secrets.token_urlsafe(12)
        user, created = get_user_model().objects.get_or_create(username=username)
        user.is_staff = True
        user.set_password(password)
        user.save()
        user.groups.add(editors_group())
        verb = "Created" if created else "Reset"
        self.stdout.write(f"{verb} editor login: username {username!r}, password {password!r}")
