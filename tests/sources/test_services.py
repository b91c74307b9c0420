import pytest
from django.utils import timezone

from sources import services
from sources.models import Article
from tests.conftest import SEED
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_an_article_can_be_claimed_once():
    article = make_article()
    assert services.article_claim(article_id=article.pk) is not None
    assert services.article_claim(article_id=article.pk) is None
    article.refresh_from_db()
    assert article.status == Article.Status.PROCESSING and article.attempts == 1


def test_an_expired_lease_can_be_taken_over():
    article = make_article(
        status=Article.Status.PROCESSING, lease_expires_at=timezone.now() - timezone.timedelta(1)
    )
    claimed = services.article_claim(article_id=article.pk)
    assert claimed is not None and claimed.lease_expires_at > timezone.now()


def test_a_worker_that_lost_its_lease_does_not_finish_the_article():
    article = services.article_store(data=SEED.read_bytes(), enqueue=False).article
    claimed = services.article_claim(article_id=article.pk)
    # Another worker took the article over after this one's lease ran out.
    Article.objects.filter(pk=article.pk).update(
        lease_expires_at=timezone.now() + timezone.timedelta(minutes=5)
    )
    with pytest.raises(services.LeaseLost):
        services.article_process(article=claimed)
    article.refresh_from_db()
    assert article.status == Article.Status.PROCESSING
    assert not article.appearances.exists()


def test_transient_error_in_sync_mode_is_recorded(monkeypatch):
    article = services.article_store(data=SEED.read_bytes(), enqueue=False).article

    def database_gone(**kwargs):
        from django.db import OperationalError

        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("claims.services.claims_record_split", database_gone)
    article = services.article_process_now(article=article)
    assert article.status == Article.Status.FAILED
    assert "server closed the connection" in article.last_error


def test_retry_requeues_failed_articles_but_not_rejected_input(
    django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr("sources.tasks.process_article.delay", lambda pk: None)
    failed = make_article(status=Article.Status.FAILED, last_error="Splitting failed: ValueError")
    rejected = make_article(status=Article.Status.FAILED, last_error="Rejected: binary content")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.articles_retry(articles=Article.objects.all()) == 1
    failed.refresh_from_db(), rejected.refresh_from_db()
    assert failed.status == Article.Status.QUEUED and failed.attempts == 0
    assert rejected.status == Article.Status.FAILED


def test_the_beat_sweep_queues_articles_a_broker_outage_left_behind(monkeypatch):
    sent = []
    monkeypatch.setattr("sources.tasks.process_article.delay", sent.append)
    stalled = make_article()
    Article.objects.filter(pk=stalled.pk).update(updated_at=timezone.now() - timezone.timedelta(hours=1))
    make_article()  # queued a moment ago: its message is probably on its way
    from sources.tasks import requeue_stalled_articles

    assert requeue_stalled_articles() == 1
    assert sent == [stalled.pk]
    assert requeue_stalled_articles() == 0, "a swept article waits another period before it is sent again"


def test_an_article_that_keeps_losing_its_worker_is_failed_not_retried_forever(settings):
    expired = timezone.now() - timezone.timedelta(seconds=1)
    article = make_article(
        status=Article.Status.PROCESSING, lease_expires_at=expired, attempts=settings.FACTCHECK_MAX_ATTEMPTS
    )
    assert services.article_claim(article_id=article.pk) is None
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert "worker processing it was lost" in article.last_error


def test_a_worker_that_lost_its_lease_cannot_fail_or_release_the_new_owners_article():
    article = make_article()
    old = services.article_claim(article_id=article.pk)
    # The old worker's lease runs out; a second delivery takes the article over.
    Article.objects.filter(pk=article.pk).update(
        lease_expires_at=timezone.now() - timezone.timedelta(seconds=1)
    )
    new = services.article_claim(article_id=article.pk)
    assert new is not None
    with pytest.raises(services.LeaseLost):
        services.article_fail(article=old, reason="old worker's error")
    with pytest.raises(services.LeaseLost):
        services.article_release(article=old, reason="old worker's error")
    article.refresh_from_db()
    assert (article.status, article.lease_expires_at, article.last_error) == (
        Article.Status.PROCESSING,
        new.lease_expires_at,
        "",
    )


def test_transient_errors_are_retried_then_recorded(monkeypatch, settings):
    from django.db import OperationalError

    from sources.tasks import process_article

    calls = []

    def database_gone(**kwargs):
        calls.append(1)
        raise OperationalError("could not connect to server")

    monkeypatch.setattr("claims.services.claims_record_split", database_gone)
    article = services.article_store(data=SEED.read_bytes(), enqueue=False).article
    # Run as a worker would; an eager retry runs the next attempt at once.
    process_article.apply(args=[article.pk])
    article.refresh_from_db()
    assert len(calls) == settings.FACTCHECK_MAX_ATTEMPTS
    assert article.status == Article.Status.FAILED
    assert article.attempts == settings.FACTCHECK_MAX_ATTEMPTS
    assert article.last_error.startswith(
        f"Attempt {settings.FACTCHECK_MAX_ATTEMPTS} failed: OperationalError"
    )


def test_an_integrity_error_is_recorded_at_once_not_retried(monkeypatch):
    from django.db import IntegrityError

    def constraint_broken(**kwargs):
        raise IntegrityError("CHECK constraint failed: appearance_offsets_ordered")

    monkeypatch.setattr("claims.services.claims_record_split", constraint_broken)
    article = services.article_store(data=SEED.read_bytes(), enqueue=False).article
    from sources.tasks import process_article

    process_article.apply(args=[article.pk])
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED and article.attempts == 1
    assert "IntegrityError" in article.last_error


@pytest.mark.parametrize("stage", ["claims.services.claims_record_split", "claims.splitting.Splitter.split"])
def test_the_soft_time_limit_is_recorded_as_the_workers_limit_not_as_a_failure(monkeypatch, settings, stage):
    from celery.exceptions import SoftTimeLimitExceeded

    from sources.tasks import process_article

    def out_of_time(*args, **kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(stage, out_of_time)
    article = services.article_store(data=SEED.read_bytes(), enqueue=False).article
    process_article.apply(args=[article.pk])
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert article.last_error == (
        f"Stopped by the worker's time limit: splitting took longer than "
        f"{settings.FACTCHECK_TASK_SOFT_TIME_LIMIT} s (FACTCHECK_TASK_SOFT_TIME_LIMIT)"
    )
    assert not article.appearances.exists()


def test_an_article_of_one_repeated_sentence_is_recorded_within_its_limits(settings):
    settings.FACTCHECK_ARTICLE_MAX_REPEATS = 2
    sentence = b"The unemployment rate rose to 5.2 percent in 2024, the statistics office said. "
    article = services.article_store(data=sentence * 5000, enqueue=False).article
    article = services.article_process_now(article=article)
    assert article.status == Article.Status.DONE
    assert article.appearances.count() == 2
    assert article.limits_note == (
        "Limits reached; not recorded: 4,998 repeats of a sentence already recorded 2 times."
    )


def test_an_article_past_the_claims_and_appearances_caps_is_cut_and_says_so(settings):
    settings.FACTCHECK_ARTICLE_MAX_CLAIMS = 5
    settings.FACTCHECK_ARTICLE_MAX_APPEARANCES = 3
    text = " ".join(
        f"Hospital waiting lists in region {n} fell by {n * 7 + 3:,} in March, the ministry said."
        for n in range(8)
    )
    article = services.article_store(data=text.encode(), enqueue=False).article
    article = services.article_process_now(article=article)
    assert article.status == Article.Status.DONE
    assert article.appearances.count() == 3
    assert article.limits_note == "Limits reached; not recorded: 5 appearances past the limit of 3."


def test_a_processed_article_within_its_limits_has_no_limits_note():
    article = services.article_store(data=SEED.read_bytes(), enqueue=False).article
    assert services.article_process_now(article=article).limits_note == ""


def test_a_long_name_keeps_its_end():
    assert services.keep_end("short.txt", 500) == "short.txt"
    name = "/data/" + "folder/" * 100 + "report.txt"
    kept = services.keep_end(name, 500)
    assert len(kept) == 500 and kept.startswith("…") and kept.endswith("/folder/report.txt")
