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
    # This worker's lease ran out and another delivery took the article over.
    Article.objects.filter(pk=article.pk).update(
        lease_expires_at=timezone.now() - timezone.timedelta(seconds=1)
    )
    assert services.article_claim(article_id=article.pk) is not None
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
    monkeypatch.setattr("sources.services.send_process_message", lambda pk: None)
    failed = make_article(status=Article.Status.FAILED, last_error="Splitting failed: ValueError")
    rejected = make_article(status=Article.Status.FAILED, last_error="Rejected: binary content")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.articles_retry(articles=Article.objects.all()) == 1
    failed.refresh_from_db(), rejected.refresh_from_db()
    assert failed.status == Article.Status.QUEUED and failed.attempts == 0
    assert rejected.status == Article.Status.FAILED


@pytest.fixture
def sent(monkeypatch):
    """The processing messages handed to the broker, by article id."""
    messages: list[int] = []
    monkeypatch.setattr("sources.services.send_process_message", messages.append)
    return messages


def test_a_published_article_records_when_it_was_sent(sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = services.article_store(data=SEED.read_bytes()).article
    article.refresh_from_db()
    assert sent == [article.pk] and article.enqueued_at is not None


def test_a_broker_outage_leaves_the_article_unsent_with_one_warning_line(
    monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broker_down(article_id):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr("sources.services.send_process_message", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        article = services.article_store(data=SEED.read_bytes()).article
    article.refresh_from_db()
    assert (article.status, article.enqueued_at) == (Article.Status.QUEUED, None)
    (record,) = [r for r in caplog.records if r.name == "sources.services"]
    assert record.levelname == "WARNING" and record.exc_info is None
    assert "Connection refused" in record.getMessage() and "\n" not in record.getMessage()


def test_the_sweep_sends_at_once_what_a_broker_outage_left_unsent(sent):
    unsent = make_article()
    Article.objects.filter(pk=unsent.pk).update(updated_at=timezone.now() - timezone.timedelta(seconds=6))
    just_stored = make_article()  # its own message is being published
    make_article(enqueued_at=timezone.now())  # sent: waiting in the queue
    assert services.articles_requeue_stalled() == 1
    assert sent == [unsent.pk]
    unsent.refresh_from_db()
    assert unsent.enqueued_at is not None
    assert services.articles_requeue_stalled() == 0, "sent once, and the other is in its grace period"
    Article.objects.filter(pk=just_stored.pk).update(
        updated_at=timezone.now() - timezone.timedelta(seconds=6)
    )
    assert services.articles_requeue_stalled() == 1


def test_a_message_waiting_in_a_backlog_gets_one_more_copy_per_period(sent, settings):
    period = timezone.timedelta(seconds=settings.FACTCHECK_REQUEUE_AFTER_SECONDS)
    waiting = make_article(enqueued_at=timezone.now() - period + timezone.timedelta(seconds=30))
    assert services.articles_requeue_stalled() == 0
    Article.objects.filter(pk=waiting.pk).update(enqueued_at=timezone.now() - period)
    assert services.articles_requeue_stalled() == 1
    assert services.articles_requeue_stalled() == 0, "sent again: the next copy waits another period"
    assert sent == [waiting.pk]


def test_the_sweep_queues_again_an_article_whose_worker_stopped_renewing_its_lease(sent):
    article = services.article_store(data=SEED.read_bytes(), enqueue=False).article
    lost = services.article_claim(article_id=article.pk)
    assert lost is not None
    assert services.articles_requeue_stalled() == 0, "a live lease is left alone"
    Article.objects.filter(pk=article.pk).update(
        lease_expires_at=timezone.now() - timezone.timedelta(seconds=1)
    )
    assert services.articles_requeue_stalled() == 1
    article.refresh_from_db()
    assert (article.status, article.lease_token, sent) == (Article.Status.QUEUED, "", [article.pk])
    assert "worker processing it was lost" in article.last_error
    # The lost worker, were it alive after all, can write nothing; the next delivery can.
    assert not services.article_renew_lease(article=lost)
    with pytest.raises(services.LeaseLost):
        services.article_process(article=lost)
    assert services.article_process_now(article=article).status == Article.Status.DONE


def test_the_sweep_fails_an_article_that_keeps_losing_its_worker(sent, settings):
    expired = timezone.now() - timezone.timedelta(seconds=1)
    article = make_article(
        status=Article.Status.PROCESSING, lease_expires_at=expired, attempts=settings.FACTCHECK_MAX_ATTEMPTS
    )
    assert services.articles_requeue_stalled() == 0
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED and "worker processing it was lost" in article.last_error


def test_an_article_whose_holder_died_on_this_machine_is_taken_over_at_once(sent):
    import subprocess
    import sys

    from sources import holders

    article = make_article()
    held = services.article_claim(article_id=article.pk)
    assert held is not None and held.lease_holder == holders.this_process()
    assert services.article_claim(article_id=article.pk) is None, "its holder (this process) is alive"
    # The holder was a pool child that has since been killed: its lease has not lapsed.
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    dead = held.lease_holder.rpartition(":")[0] + f":{gone.pid}"
    Article.objects.filter(pk=article.pk).update(lease_holder=dead)
    taken = services.article_claim(article_id=article.pk)
    assert taken is not None and taken.attempts == 2
    with pytest.raises(services.LeaseLost):
        services.article_fail(article=held, reason="the dead holder writes nothing")
    # The sweep sees such a holder too (a worker restarted after a crash).
    Article.objects.filter(pk=article.pk).update(lease_holder=dead)
    assert services.articles_requeue_stalled() == 1 and sent == [article.pk]


def test_a_renewed_lease_moves_on_and_keeps_its_holder(settings):
    article = make_article()
    held = services.article_claim(article_id=article.pk)
    Article.objects.filter(pk=article.pk).update(
        lease_expires_at=timezone.now() + timezone.timedelta(seconds=1)
    )
    assert services.article_renew_lease(article=held)
    article.refresh_from_db()
    assert article.lease_expires_at > timezone.now() + timezone.timedelta(
        seconds=settings.FACTCHECK_PROCESSING_LEASE_SECONDS - 5
    )
    services.article_fail(article=held, reason="a failure of the holder is still its own")


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


def test_services_never_import_the_tasks_module():
    """Tasks call services, never the reverse: the task is sent by its registered name."""
    import ast
    import inspect

    from sources import tasks

    tree = ast.parse(inspect.getsource(services))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            # "from .tasks import x" names the module; "from . import tasks" the name.
            imported |= {node.module} if node.module else {alias.name for alias in node.names}
        elif isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
    assert not imported & {"tasks", "sources.tasks"}
    assert tasks.process_article.name == services.PROCESS_ARTICLE_TASK


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
