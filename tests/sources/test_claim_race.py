"""Two workers claiming the same article at the same moment, on real connections."""

import threading

import pytest
from django.db import connections

from sources import services
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def test_of_two_simultaneous_claims_exactly_one_wins():
    for _ in range(5):
        article = make_article()
        barrier = threading.Barrier(2)
        results = []

        def claim():
            try:
                barrier.wait()
                results.append(services.article_claim(article_id=article.pk))
            finally:
                connections.close_all()

        threads = [threading.Thread(target=claim) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sum(result is not None for result in results) == 1, results
        article.refresh_from_db()
        assert article.attempts == 1
