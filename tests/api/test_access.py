"""Who sees what: one case per internal field or row and per role.

Internal rows and fields (drafts, dismissed and unreviewed claims, editors' names,
evidence notes, review state, assignees) reach only a key with the read-internal
permission and an editor's session; a revoked key gets 401 everywhere; editors'
e-mail addresses reach nobody.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model

from claims.models import Claim, ClientKey
from tests.api.conftest import ROLES
from tests.factories import make_claim, make_claimant, make_client_key, make_evidence, make_verdict

pytestmark = pytest.mark.django_db

EDITOR_EMAIL = "alice.editor@newsroom.example"
NOTE = "Called the ministry; they would not confirm on the record."


@dataclass
class World:
    published: Claim
    verdict_id: int
    draft_id: int
    dismissed: Claim
    unreviewed: Claim
    hidden_claimant_id: int


@pytest.fixture
def world() -> World:
    alice = get_user_model().objects.create_user(
        username="alice-editor", email=EDITOR_EMAIL, password="x", is_staff=True
    )
    published = make_claim(assignee=alice)
    verdict = make_verdict(claim=published, by=alice, evidence=[make_evidence(claim=published, note=NOTE)])
    drafted = make_claim()
    draft = make_verdict(claim=drafted, by=alice, published=False)
    hidden = make_claimant("A person only the queue knows")
    return World(
        published=published,
        verdict_id=verdict.pk,
        draft_id=draft.pk,
        dismissed=make_claim(review_state=Claim.ReviewState.DISMISSED),
        unreviewed=make_claim(claimant=hidden),
        hidden_claimant_id=hidden.pk,
    )


def _ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def _draft_listed(client, w):
    return w.draft_id in _ids(client.get("/api/v1/verdicts/"))


def _draft_readable(client, w):
    return client.get(f"/api/v1/verdicts/{w.draft_id}/").status_code == 200


def _dismissed_listed(client, w):
    return w.dismissed.pk in _ids(client.get("/api/v1/claims/"))


def _unreviewed_readable(client, w):
    return client.get(f"/api/v1/claims/{w.unreviewed.pk}/").status_code == 200


def _hidden_claimant_listed(client, w):
    return w.hidden_claimant_id in _ids(client.get("/api/v1/claimants/"))


def _editor_name_on_verdict(client, w):
    body = client.get(f"/api/v1/verdicts/{w.verdict_id}/").json()
    return "author" in body and body["author"]["username"] == "alice-editor"


def _evidence_note(client, w):
    body = client.get(f"/api/v1/verdicts/{w.verdict_id}/").json()
    return any(item.get("note") == NOTE for item in body["evidence"])


def _evidence_note_in_change_feed(client, w):
    return NOTE in client.get("/api/v1/changes/").content.decode()


def _assignee_on_claim(client, w):
    body = client.get(f"/api/v1/claims/{w.published.pk}/").json()
    return (body.get("assignee") or {}).get("username") == "alice-editor"


def _review_state_on_claim(client, w):
    return "review_state" in client.get(f"/api/v1/claims/{w.published.pk}/").json()


INTERNAL_CASES = {
    "draft verdict listed": _draft_listed,
    "draft verdict by id": _draft_readable,
    "dismissed claim listed": _dismissed_listed,
    "unreviewed claim by id": _unreviewed_readable,
    "claimant of unpublished claims listed": _hidden_claimant_listed,
    "editor's name on a verdict": _editor_name_on_verdict,
    "evidence note": _evidence_note,
    "evidence note in the change feed": _evidence_note_in_change_feed,
    "assignee on a claim": _assignee_on_claim,
    "review state on a claim": _review_state_on_claim,
}
SEES_INTERNAL = {
    "anonymous": False,
    "plain_key": False,
    "writer_key": False,
    "internal_key": True,
    "editor": True,
}


@pytest.mark.parametrize("case", INTERNAL_CASES)
@pytest.mark.parametrize("role", list(SEES_INTERNAL))
def test_internal_rows_and_fields_by_role(client_as, world, role, case):
    expected = SEES_INTERNAL[role] and case != "evidence note in the change feed"
    assert INTERNAL_CASES[case](client_as(role), world) is expected


@pytest.mark.parametrize("role", list(SEES_INTERNAL))
def test_published_verdicts_and_their_claims_are_readable_by_every_role(client_as, world, role):
    client = client_as(role)
    assert world.verdict_id in _ids(client.get("/api/v1/verdicts/"))
    assert world.published.pk in _ids(client.get("/api/v1/claims/"))
    assert client.get(f"/claims/{world.published.pk}/").status_code == 200


ENDPOINTS = [
    "/api/v1/verdicts/",
    "/api/v1/claims/",
    "/api/v1/claimants/",
    "/api/v1/sources/",
    "/api/v1/changes/",
    "/api/v1/claimreviews/",
    "/api/v1/articles/",
]


@pytest.mark.parametrize("url", ENDPOINTS)
def test_editor_emails_reach_no_role(client_as, world, url):
    for role in ROLES:
        if role == "revoked_key":
            continue
        assert EDITOR_EMAIL not in client_as(role).get(url).content.decode(), role


@pytest.mark.parametrize("url", ENDPOINTS)
def test_a_revoked_key_is_refused_everywhere(client_as, world, url):
    response = client_as("revoked_key").get(url)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    assert response["WWW-Authenticate"] == "Api-Key"


def test_revoking_a_key_stops_it_at_once(api, world):
    client_key, key = make_client_key(can_read_internal=True)
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert api.get("/api/v1/verdicts/").status_code == 200
    ClientKey.objects.filter(pk=client_key.pk).update(revoked=True)
    assert api.get("/api/v1/verdicts/").status_code == 401


def test_an_unknown_key_is_refused_not_treated_as_anonymous(api, world):
    api.credentials(HTTP_AUTHORIZATION="Api-Key notakey.atall")
    assert api.get("/api/v1/verdicts/").status_code == 401


def test_keys_are_stored_hashed(world):
    client_key, key = make_client_key()
    stored = ClientKey.objects.get(pk=client_key.pk)
    assert key.split(".", 1)[1] not in stored.hashed_key
    assert stored.hashed_key.startswith("sha512$$")


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 401), ("plain_key", 403), ("internal_key", 200), ("writer_key", 200), ("editor", 200)],
)
def test_reading_articles_needs_the_write_or_internal_permission(client_as, world, role, status):
    assert client_as(role).get("/api/v1/articles/").status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 401), ("plain_key", 403), ("internal_key", 403), ("writer_key", 202), ("editor", 202)],
)
def test_submitting_articles_needs_the_write_permission(client_as, world, role, status, monkeypatch):
    monkeypatch.setattr("sources.services.send_process_message", lambda pk: None)
    response = client_as(role).post("/api/v1/articles/", {"text": f"Text sent by {role}."}, format="json")
    assert response.status_code == status


@pytest.mark.parametrize("url", ENDPOINTS[:6])
def test_the_deployment_can_require_a_key_for_everything(client_as, world, settings, url):
    settings.FACTCHECK_API_REQUIRE_KEY = True
    assert client_as("anonymous").get(url).status_code == 401
    assert client_as("plain_key").get(url).status_code == 200
    assert client_as("editor").get(url).status_code == 200
