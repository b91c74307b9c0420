"""POST /api/v1/articles/: 202 and a status URL; the same content again is 200, once."""

from __future__ import annotations

import json

import pytest

from sources.fetching import Fetched, FetchError
from sources.models import Article, Source
from sources.services import article_process_now

pytestmark = pytest.mark.django_db

SEED = (
    "Russian President Vladimir Putin told state television that 3,000 troops had been sent. "
    "The ministry said unemployment fell to 4 percent in March."
)


@pytest.fixture
def writer(client_as):
    return client_as("writer_key")


@pytest.fixture
def queued(monkeypatch):
    sent: list[int] = []
    monkeypatch.setattr("sources.services.send_process_message", sent.append)
    return sent


def post(client, body, **extra):
    return client.post("/api/v1/articles/", json.dumps(body), content_type="application/json", **extra)


def test_text_is_accepted_queued_once_and_its_status_url_works(
    writer, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(writer, {"text": SEED, "title": "Troops", "canonical_url": "https://news.example/t"})
    assert response.status_code == 202
    body = response.json()
    assert queued == [body["id"]]
    assert response["Location"] == body["status_url"] == f"http://testserver/api/v1/articles/{body['id']}/"
    article = Article.objects.get(pk=body["id"])
    assert (article.title, article.url, article.content_type) == (
        "Troops",
        "https://news.example/t",
        "text/plain; charset=utf-8",
    )
    assert writer.get(body["status_url"]).json()["status"] == "queued"


def test_the_same_content_again_returns_the_existing_article_and_queues_nothing(
    writer, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = post(writer, {"text": SEED})
    with django_capture_on_commit_callbacks(execute=True):
        again = post(writer, {"text": "  " + SEED.replace(" ", "  ") + "\n"})
    assert (first.status_code, again.status_code) == (202, 200)
    assert again.json()["id"] == first.json()["id"]
    assert queued == [first.json()["id"]]
    assert Article.objects.count() == 1


def test_html_is_stored_as_html_with_its_source(writer, queued):
    outlet = Source.objects.create(name="Daily")
    response = post(writer, {"html": f"<html><body><p>{SEED}</p></body></html>", "source": outlet.pk})
    assert response.status_code == 202
    article = Article.objects.get(pk=response.json()["id"])
    assert article.content_type.startswith("text/html") and article.source == outlet
    assert response.json()["source"] == {"id": outlet.pk, "name": "Daily"}


def test_a_url_goes_through_the_safe_fetcher_and_is_not_fetched_twice(writer, queued, monkeypatch):
    calls: list[str] = []

    def fake_fetch(url, *, max_bytes, timeout):
        calls.append(url)
        return Fetched(url=url, content_type="text/html; charset=utf-8", data=f"<p>{SEED}</p>".encode())

    monkeypatch.setattr("claims.api.intake.fetch_url", fake_fetch)
    first = post(writer, {"url": "https://news.example/story"})
    again = post(writer, {"url": "https://news.example/story"})
    assert (first.status_code, again.status_code) == (202, 200)
    assert calls == ["https://news.example/story"]
    assert Article.objects.get().url == "https://news.example/story"


def test_a_url_inside_our_network_is_refused_by_the_real_fetcher(writer, queued):
    response = post(writer, {"url": "http://127.0.0.1:6379/"})
    assert response.status_code == 422
    assert response.json()["code"] == "fetch_failed"
    assert "non-public" in response.json()["detail"]
    assert not Article.objects.exists()


def test_a_fetch_failure_is_a_422_with_the_reason(writer, queued, monkeypatch):
    def failing(url, **kwargs):
        raise FetchError("https://slow.example took longer than 15 s; refused")

    monkeypatch.setattr("claims.api.intake.fetch_url", failing)
    response = post(writer, {"url": "https://slow.example/"})
    assert response.status_code == 422
    assert response.json() == {
        "detail": "https://slow.example took longer than 15 s; refused",
        "code": "fetch_failed",
    }


def test_a_body_over_the_cap_is_a_413(writer, queued, settings):
    settings.FACTCHECK_API_MAX_BODY_BYTES = 1000
    response = post(writer, {"text": "x" * 2000})
    assert response.status_code == 413
    assert response.json() == {"detail": "The body is larger than 1000 bytes.", "code": "too_large"}
    assert not Article.objects.exists()


def test_malformed_json_is_a_400(writer, queued):
    response = writer.post("/api/v1/articles/", '{"text": "unterminated', content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_a_body_that_is_not_json_is_a_415(writer, queued):
    response = writer.post("/api/v1/articles/", SEED, content_type="text/plain")
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"text": SEED, "url": "https://news.example/x"},
        {"url": "not a url"},
        {"text": SEED, "source": 999},
    ],
)
def test_invalid_bodies_are_a_400_with_field_errors(writer, queued, body):
    response = post(writer, body)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and response.json()["field_errors"]


def test_the_status_url_lists_the_claims_found_once_processed(writer, queued):
    article_id = post(writer, {"text": SEED}).json()["id"]
    article_process_now(article=Article.objects.get(pk=article_id))
    status = writer.get(f"/api/v1/articles/{article_id}/").json()
    assert status["status"] == "done"
    assert any("unemployment fell to 4 percent" in claim["text"].lower() for claim in status["claims"])
    assert status["processed_at"] is not None


def test_binary_content_is_stored_failed_with_its_reason(writer, queued):
    response = post(writer, {"text": "\x01\x02\x03 binary junk \x04" * 50})
    assert response.status_code == 202
    status = writer.get(response.json()["status_url"]).json()
    assert status["status"] == "failed"
    assert status["last_error"].startswith("Rejected:")
    assert queued == []
