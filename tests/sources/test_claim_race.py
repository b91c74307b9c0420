"""Two workers claiming the same article at the same moment, on real connections."""

import threading

import pytest
from django.db import connections

from sources import services
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def claim_at_once(article_id: int, workers: int = 2) -> list:
    barrier = threading.Barrier(workers)
    results: list = []

    def claim():
        try:
            barrier.wait()
            results.append(services.article_claim(article_id=article_id))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claim) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.parametrize("attempt", range(5))
def test_of_two_simultaneous_claims_exactly_one_wins(attempt):
    article = make_article()
    results = claim_at_once(article.pk)
    assert sum(result is not None for result in results) == 1, results
    article.refresh_from_db()
    assert article.attempts == 1
