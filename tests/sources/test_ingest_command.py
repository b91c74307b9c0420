import os
import shutil
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from claims.models import Claim, ClaimAppearance
from factcheck import embedded
from sources.models import Article
from tests.conftest import ROOT, SEED, subprocess_database_url

pytestmark = pytest.mark.django_db


def ingest(*args, rejects: bool = False):
    """Run ``ingest``; with ``rejects``, expect it to end in error (exit status 1) after
    its summary because some input was rejected or failed."""
    out, err = StringIO(), StringIO()
    if rejects:
        with pytest.raises(CommandError, match="rejected or failed"):
            call_command("ingest", *args, stdout=out, stderr=err)
    else:
        call_command("ingest", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_ingest(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``manage.py ingest`` as a user runs it, in its own process, on the test database."""
    return subprocess.run(
        [sys.executable, "manage.py", "ingest", *args],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": subprocess_database_url(),
            **(env or {}),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_sync_ingest_stores_the_article_and_its_claims(tmp_path):
    out, _ = ingest(str(SEED), "--sync")
    assert "1 stored" in out
    article = Article.objects.get()
    assert article.status == Article.Status.DONE
    assert article.language == "en"
    assert article.attempts == 1
    assert article.text.startswith("Putin signals Russia")
    appearances = ClaimAppearance.objects.filter(article=article)
    assert appearances.count() >= 4
    for appearance in appearances:
        assert article.text[appearance.start : appearance.end] == appearance.sentence


def test_same_text_twice_is_one_article(tmp_path):
    copy = tmp_path / "copy.txt"
    # Same text, other line endings and trailing spaces: still the same article.
    copy.write_bytes(SEED.read_bytes().replace(b"\n", b"  \r\n"))
    out, _ = ingest(str(SEED), str(copy), "--sync")
    assert "1 stored" in out and "1 duplicate" in out
    assert Article.objects.count() == 1


def test_reingesting_adds_no_claims(tmp_path):
    ingest(str(SEED), "--sync")
    claims, appearances = Claim.objects.count(), ClaimAppearance.objects.count()
    out, _ = ingest(str(SEED), "--sync")
    assert "1 duplicate" in out
    assert (Claim.objects.count(), ClaimAppearance.objects.count()) == (claims, appearances)


def test_folder_ingests_its_text_and_html_files_and_reports_a_summary(tmp_path):
    (tmp_path / "nested").mkdir()
    shutil.copy(SEED, tmp_path / "a.txt")
    (tmp_path / "nested" / "b.html").write_text(
        "<html><head><title>Budget</title></head><body><article><h1>Budget</h1>"
        "<p>The government said on Tuesday that the deficit fell to 3.1 percent of GDP in 2025.</p>"
        "<p>Spending on hospitals rose by 12 billion pounds, the Treasury said.</p></article></body></html>"
    )
    (tmp_path / "notes.md").write_text("not ingested: not a .txt or .html file")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    out, err = ingest(str(tmp_path), "--sync", rejects=True)
    assert "2 stored" in out and "0 duplicate" in out and "1 rejected" in out and "0 failed" in out
    assert "image.txt" in err
    assert Article.objects.filter(status=Article.Status.DONE).count() == 2
    html = Article.objects.get(original_name__endswith="b.html")
    assert "deficit fell to 3.1 percent" in html.text
    assert "<p>" not in html.text


def test_a_file_that_is_not_text_is_kept_as_failed_with_its_reason(tmp_path):
    binary = tmp_path / "report.txt"
    binary.write_bytes(b"\x00\x01\x02\xff" * 1000)
    out, err = ingest(str(binary), rejects=True)
    assert "0 stored" in out and "1 rejected" in out
    article = Article.objects.get()
    assert article.status == Article.Status.FAILED
    assert "binary" in article.last_error
    assert "binary" in err


def test_missing_path_is_a_clear_error():
    with pytest.raises(CommandError, match="no such file"):
        ingest("/nonexistent/article.txt")


def test_urls_to_private_addresses_are_refused_and_nothing_is_stored():
    out, err = ingest(
        "http://127.0.0.1:9/admin",
        "http://localhost/",
        "http://169.254.169.254/latest/meta-data",
        rejects=True,
    )
    assert "3 rejected" in out
    assert err.count("non-public address") == 3
    assert Article.objects.count() == 0


def test_queued_ingest_sends_one_task_per_new_article_after_commit(
    tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr("sources.services.send_process_message", lambda pk: sent.append(pk))
    second = tmp_path / "second.txt"
    second.write_text("The council said 40 new homes were built in 2024.")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        ingest(str(SEED), str(second), str(SEED))
    assert len(callbacks) == 2
    assert sorted(sent) == sorted(Article.objects.values_list("pk", flat=True))
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.QUEUED}


def test_broker_outage_leaves_the_article_queued(monkeypatch, django_capture_on_commit_callbacks):
    def broker_down(pk):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379")

    monkeypatch.setattr("sources.services.send_process_message", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        out, _ = ingest(str(SEED))
    assert "1 stored" in out
    assert Article.objects.get().status == Article.Status.QUEUED


def test_an_article_in_another_language_is_recorded_and_not_scored(tmp_path):
    french = tmp_path / "budget.txt"
    french.write_text(
        "Le gouvernement a annoncé mardi que le déficit public était tombé à 4,4 % du PIB en 2025. "
        "Selon l'Insee, le chômage a atteint 7,3 % au troisième trimestre, son plus haut niveau depuis 2021. "
        "Le ministre de l'Économie a déclaré que la croissance serait de 1,1 % l'an prochain."
    )
    ingest(str(french), "--sync")
    article = Article.objects.get()
    assert article.status == Article.Status.DONE
    assert article.language == "fr"
    assert "not covered" in article.status_note
    assert not article.appearances.exists()


def test_a_file_over_the_size_limit_is_stored_as_failed_with_its_reason(tmp_path, settings):
    settings.FACTCHECK_FETCH_MAX_BYTES = 100_000
    big = tmp_path / "dump.txt"
    big.write_bytes(b"The council said 40 new homes were built in 2024. " * 4000)
    out, err = ingest(str(big), rejects=True)
    assert "0 stored" in out and "1 rejected" in out
    article = Article.objects.get()
    assert article.status == Article.Status.FAILED
    assert article.last_error == (
        "Rejected: the file is 200,000 bytes; the limit is 100,000 (FACTCHECK_FETCH_MAX_BYTES)"
    )
    assert article.original_name == str(big)
    assert bytes(article.raw) == big.read_bytes()[: 64 * 1024], "its start is kept, to see what was sent"
    assert f"dump.txt: {article.last_error}" in err
    # The same file again is the same row.
    out, _ = ingest(str(big))
    assert "1 duplicate" in out and Article.objects.count() == 1


def test_an_upper_case_url_is_fetched_as_a_url_not_read_as_a_path():
    out, err = ingest("HTTP://127.0.0.1:9/admin", "HtTpS://localhost/", rejects=True)
    assert "2 rejected" in out
    assert err.count("non-public address") == 2


def test_a_long_path_keeps_its_file_name(tmp_path):
    folder = tmp_path
    for index in range(6):
        folder = folder / f"{index}-{'deep' * 25}"
    folder.mkdir(parents=True)
    article_file = folder / "council-homes-report.txt"
    article_file.write_text("The council said 40 new homes were built in 2024.")
    assert len(str(article_file)) > 500
    ingest(str(article_file))
    name = Article.objects.get().original_name
    assert len(name) == 500
    assert name.startswith("…") and name.endswith("/council-homes-report.txt")


@pytest.mark.django_db(transaction=True)
def test_exit_status_and_messages_as_a_user_sees_them(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("The council said 40 new homes were built in 2024.")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02\xff" * 1000)
    # The broker is down (nothing listens on this port): one warning line, not a traceback.
    broker_down = {"CELERY_BROKER_URL": f"redis://127.0.0.1:{embedded.free_port()}/0"}

    done = run_ingest(str(good), env=broker_down)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1 stored (queued for the workers), 0 duplicate, 0 rejected"
    assert "Traceback" not in done.stderr
    warnings = [line for line in done.stderr.splitlines() if "broker unavailable" in line]
    assert len(warnings) == 1 and len(done.stderr.splitlines()) == 1, done.stderr
    assert Article.objects.get(original_name=str(good)).status == Article.Status.QUEUED

    refused = run_ingest(str(good), str(binary), env=broker_down)
    assert refused.returncode == 1
    assert refused.stdout.strip() == "0 stored (queued for the workers), 1 duplicate, 1 rejected"
    assert "blob.txt: Rejected: binary content" in refused.stderr
    assert "1 of 2 inputs were rejected or failed" in refused.stderr
    assert "Traceback" not in refused.stderr

    too_long = run_ingest(str(tmp_path / ("a" * 300 + ".txt")))
    assert too_long.returncode == 1
    assert too_long.stderr.strip().endswith("a.txt: File name too long"), too_long.stderr
    assert "Traceback" not in too_long.stderr and len(too_long.stderr.strip().splitlines()) == 1


def test_a_failure_while_processing_makes_the_run_fail(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a rule broke")

    monkeypatch.setattr("claims.services.claims_record_split", broken)
    out, err = ingest(str(SEED), "--sync", rejects=True)
    assert "1 stored (processed in-process), 0 duplicate, 0 rejected, 1 failed" in out
    assert "failed: Recording claims failed: RuntimeError: a rule broke" in err
