"""Articles taken from feeds are keyed by their words, case and typography aside
(``sources.entries.text_hash``), where the key was the exact extracted text: the keys of
those stored before are recomputed, so a story seen before this change is still recognised
when another outlet's copy of it comes in. An article whose new key another article already
holds keeps its old key (both stay, nothing is merged)."""

import hashlib
import re
import unicodedata

from django.db import migrations


def _words_key(text: str) -> str:
    # As sources.entries.text_hash at the time of this migration.
    words = re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold())
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


def rekey(apps, schema_editor):
    Article = apps.get_model("sources", "Article")
    changes = []
    # Articles from feeds: an upload is keyed by its file (the same file twice is one
    # article), and a page stored by `ingest URL` by the page.
    rows = (
        Article.objects.exclude(text="")
        .filter(feed__isnull=False)
        .values_list("pk", "text", "content_hash")
        .iterator(chunk_size=1000)
    )
    for pk, text, key in rows:
        if key != hashlib.sha256(text.encode("utf-8")).hexdigest():
            continue
        new = _words_key(text)
        if new != key:
            changes.append((pk, new))
    for pk, new in changes:
        # Rows rekeyed earlier in this loop are seen here too.
        if not Article.objects.filter(content_hash=new).exists():
            Article.objects.filter(pk=pk).update(content_hash=new)


class Migration(migrations.Migration):
    dependencies = [("sources", "0006_desk_article_created_idx")]

    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
