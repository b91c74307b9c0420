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


def test_stalled_selects_old_queued_and_expired_leases_only():
    now = timezone.now()
    old_queued = make_article()
    Article.objects.filter(pk=old_queued.pk).update(updated_at=now - timezone.timedelta(hours=1))
    make_article()  # queued just now
    expired = make_article(
        status=Article.Status.PROCESSING, lease_expires_at=now - timezone.timedelta(seconds=1)
    )
    make_article(status=Article.Status.PROCESSING, lease_expires_at=now + timezone.timedelta(minutes=5))
    stalled = set(Article.objects.stalled(older_than=now - timezone.timedelta(minutes=2)))
    assert stalled == {old_queued, expired}
