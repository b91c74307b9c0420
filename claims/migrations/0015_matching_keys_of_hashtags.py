from django.db import migrations

# Matching reads a hashtag as the words it joins ("#RIPDrake" -> "RIP Drake",
# claims.matching.text.hashtag_words), so the index terms and vectors of claims whose text
# holds a "#" are derived afresh; no other claim's keys change.
BATCH = 256


def refresh(apps, schema_editor):
    from claims.matching.encoder import default_encoder
    from claims.matching.index import vector_bytes
    from claims.matching.text import terms

    ClaimMatchKey = apps.get_model("claims", "ClaimMatchKey")
    rows = list(
        ClaimMatchKey.objects.filter(claim__text__contains="#")
        .order_by("claim_id")
        .values_list("claim_id", "claim__text")
    )
    if not rows:
        return
    encoder = default_encoder()
    sqlite = schema_editor.connection.vendor == "sqlite"
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        vectors = encoder.encode([text for _, text in batch])
        with schema_editor.connection.cursor() as cursor:
            for (claim_id, text), vector in zip(batch, vectors, strict=True):
                words = terms(text)
                ClaimMatchKey.objects.filter(claim_id=claim_id).update(
                    terms=" ".join(words), vector=vector_bytes(vector), model=encoder.name
                )
                if sqlite:
                    # The FTS row as this schema has it (SQLite's postings come in 0016).
                    cursor.execute("DELETE FROM claims_matchfts WHERE rowid = %s", [claim_id])
                    cursor.execute(
                        "INSERT INTO claims_matchfts (rowid, terms) VALUES (%s, %s)", [claim_id, " ".join(words)]
                    )


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0014_matching_term_statistics"),
    ]

    operations = [migrations.RunPython(refresh, migrations.RunPython.noop, elidable=False)]
