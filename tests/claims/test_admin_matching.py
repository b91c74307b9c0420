"""Editors regroup claims in the admin: merge, split, accept and reject suggestions."""

import pytest
from django.contrib.admin import helpers
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim, ClaimAppearance, MatchChange, MatchSuggestion
from tests.claims.test_match_services import publish, record
from tests.factories import make_editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = make_editor()
    client.force_login(user)
    return user


def act(client, model, action, objects):
    url = reverse(f"admin:claims_{model._meta.model_name}_changelist")
    return client.post(
        url, {"action": action, helpers.ACTION_CHECKBOX_NAME: [o.pk for o in objects]}, follow=True
    )


def test_an_editor_merges_two_claims_into_the_one_with_a_verdict(client, editor):
    plain = record("Tram ridership reached 41 million trips in 2023.").claim
    ruled = record("The city planted 12,000 trees last winter.").claim
    publish(ruled, editor)
    response = act(client, Claim, "merge_claims", [plain, ruled])
    assert response.status_code == 200
    plain.refresh_from_db()
    assert plain.merged_into == ruled
    assert ruled.appearances.count() == 2
    assert MatchChange.objects.get().by == editor


def test_an_editor_splits_an_appearance_off(client, editor):
    appearance = record("Tram ridership reached 41 million trips in 2023.")
    record("Tram ridership reached 41 million trips in 2023.")
    act(client, ClaimAppearance, "split_appearances", [appearance])
    appearance.refresh_from_db()
    assert appearance.claim.appearances.count() == 1 and Claim.objects.count() == 2


def test_an_editor_rejects_then_accepts_suggestions(client, editor):
    record("3,000 troops were sent to Russia in 2024.")
    record("3,000 troops were killed in Russia in 2024.")
    suggestion = MatchSuggestion.objects.get()
    act(client, MatchSuggestion, "reject", [suggestion])
    suggestion.refresh_from_db()
    assert suggestion.state == MatchSuggestion.State.REJECTED and suggestion.decided_by == editor
    # A decided suggestion is not decided again.
    act(client, MatchSuggestion, "accept", [suggestion])
    suggestion.refresh_from_db()
    assert suggestion.state == MatchSuggestion.State.REJECTED


def test_the_claim_list_shows_and_filters_resurfaced_claims(client, editor):
    ruled = record("Knife crime rose by 12 percent last year.").claim
    publish(ruled, editor)
    record("Knife crime rose by 12% last year.")
    record("The city planted 12,000 trees last winter.")
    url = reverse("admin:claims_claim_changelist")
    response = client.get(url, {"resurfaced": "yes"})
    assert [c.pk for c in response.context["cl"].result_list] == [ruled.pk]
    assert f"resurfaced {timezone.now():%Y-%m-%d}" in response.content.decode()
    page = client.get(reverse("admin:claims_claim_change", args=[ruled.pk])).content.decode()
    assert "already ruled Disputed" in page
