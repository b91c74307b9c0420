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
    Article.objects.filter(pk=stalled.pk).update(updated_at=timezone.now() - timezone.timedelta(minutes=10))
    make_article()  # queued a moment ago: its message is probably on its way
    from sources.tasks import requeue_stalled_articles

    assert requeue_stalled_articles() == 1
    assert sent == [stalled.pk]
    assert requeue_stalled_articles() == 0, "a swept article waits another period before it is sent again"
