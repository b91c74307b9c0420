"""``manage.py create_editor [USERNAME] [--publisher]``: an admin login for the desk, password printed."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from claims.roles import sync_groups


class Command(BaseCommand):
    help = "Create (or reset the password of) an editor account and print its login."

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", default="editor")
        parser.add_argument("--password", help="Set this password instead of a random one.")
        parser.add_argument(
            "--publisher", action="store_true", help="Also a Publisher: may publish others' verdicts."
        )

    @transaction.atomic
    def handle(self, *args, username, password, publisher, **options):
        password = password or secrets.token_urlsafe(12)
        editors, publishers = sync_groups()
        user, created = get_user_model().objects.get_or_create(username=username)
        user.is_staff = True
        user.set_password(password)
        user.save()
        user.groups.add(publishers if publisher else editors)
        verb = "Created" if created else "Reset"
        role = "publisher" if publisher else "editor"
        self.stdout.write(f"{verb} {role} login: username {username!r}, password {password!r}")
