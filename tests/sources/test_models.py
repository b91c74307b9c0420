import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from sources.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_content_hash_is_unique():
    make_article(text="Same text.")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(text="Same text.")


def test_processing_article_must_have_a_lease():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(status=Article.Status.PROCESSING)
    make_article(status=Article.Status.PROCESSING, lease_expires_at=timezone.now())


def test_failed_article_must_say_why():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(status=Article.Status.FAILED)
    make_article(status=Article.Status.FAILED, last_error="Rejected: binary content")


def test_status_outside_the_choices_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(status="lost")


def test_the_sweep_selections():
    now = timezone.now()
    hour = timezone.timedelta(hours=1)
    never_sent = make_article()
    Article.objects.filter(pk=never_sent.pk).update(updated_at=now - hour)
    make_article()  # stored just now: its message is being sent
    sent_long_ago = make_article(enqueued_at=now - 2 * hour)
    make_article(enqueued_at=now)  # sent just now: waiting in the queue
    expired = make_article(
        status=Article.Status.PROCESSING, lease_expires_at=now - timezone.timedelta(seconds=1)
    )
    make_article(status=Article.Status.PROCESSING, lease_expires_at=now + timezone.timedelta(minutes=5))
    make_article(status=Article.Status.DONE)
    assert set(Article.objects.never_sent(before=now - timezone.timedelta(minutes=2))) == {never_sent}
    assert set(Article.objects.sent_before(before=now - hour)) == {sent_long_ago}
    assert set(Article.objects.lease_expired()) == {expired}
