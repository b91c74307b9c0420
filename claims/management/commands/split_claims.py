"""``manage.py split_claims FILE [--format json]``: split one file, touching no database."""

from __future__ import annotations

import json
import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.services import article_limits
from claims.splitting import InputError, default_splitter

CONTENT_TYPES = {".html": "text/html", ".htm": "text/html", ".txt": "text/plain"}


class Command(BaseCommand):
    help = "Split a .txt or .html file into claims and print them; the database is not touched."
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, file, format, **options):
        path = Path(file)
        shown = file if len(file) <= 80 else file[:40] + "…" + file[-40:]
        limit = settings.FACTCHECK_FETCH_MAX_BYTES
        try:
            if not path.is_file():
                raise CommandError(f"{shown}: no such file")
            with path.open("rb") as handle:
                data = handle.read(limit + 1)  # never a whole oversized file in memory
                size = max(len(data), os.fstat(handle.fileno()).st_size)
        except OSError as exc:  # a name longer than the system allows, no permission
            raise CommandError(f"{shown}: {exc.strerror or exc}") from None
        if size > limit:
            raise CommandError(f"{shown}: the file is {size:,} bytes; the limit is {limit:,}")
        try:
            result = default_splitter().split(
                data, content_type=CONTENT_TYPES.get(path.suffix.lower()), limits=article_limits()
            )
        except InputError as exc:
            raise CommandError(f"{shown}: {exc}") from None
        if format == "json":
            self.stdout.write(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"language: {result.language}; {result.sentences} sentences, {len(result.claims)} claims"
        )
        if result.note:
            self.stdout.write(f"note: {result.note}")
        if result.cut:
            self.stdout.write(f"note: {result.cut}")
        for claim in result.claims:
            who = claim.claimant or "-"
            quote = " (quote)" if claim.quote else ""
            self.stdout.write(f"[{claim.checkworthiness:.2f}] {who}{quote}: {claim.text}")
