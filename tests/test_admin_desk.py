"""The editors' desk in the admin: the queue, a claim's page and its buttons, locking, the index."""

import re

import pytest
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import workflow
from claims.models import Claim, ClaimAppearance, Evidence, Verdict
from sources.models import Source
from tests.factories import make_article, make_claim, make_claimant, make_editor, make_publisher

pytestmark = pytest.mark.django_db

S = Claim.ReviewState
QUEUE = reverse("admin:claims_claim_changelist")


def change_url(claim):
    return reverse("admin:claims_claim_change", args=[claim.pk])


def workflow_url(claim):
    return reverse("admin:claims_claim_workflow", args=[claim.pk])


@pytest.fixture
def editor():
    return make_editor()


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def listed(response) -> list[Claim]:
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def appear(claim, *, source=None, start=0):
    article = make_article(source=source)
    return ClaimAppearance.objects.create(
        claim=claim, article=article, sentence=claim.text, start=start, end=start + 10, score=0.5
    )


def test_the_queue_opens_on_claims_awaiting_triage_most_check_worthy_first(editor_client, editor):
    low, high = make_claim(checkworthiness=0.2), make_claim(checkworthiness=0.9)
    reviewed = make_claim(checkworthiness=0.95)
    workflow.claim_transition(claim=reviewed, to=S.IN_REVIEW, by=editor)
    assert listed(editor_client.get(QUEUE)) == [high, low]
    assert listed(editor_client.get(QUEUE, {"state": "in_review"})) == [reviewed]
    assert listed(editor_client.get(QUEUE, {"state": "all"})) == [reviewed, high, low]
    # A search or another filter means every claim that fits, whatever its state.
    assert listed(editor_client.get(QUEUE, {"q": reviewed.text})) == [reviewed]


def test_rows_show_score_as_a_percentage_and_count_appearances_and_sources(editor_client):
    claim = make_claim(checkworthiness=0.8734)
    one, two = Source.objects.create(name="One"), Source.objects.create(name="Two")
    appear(claim, source=one), appear(claim, source=one), appear(claim, source=two)
    page = editor_client.get(QUEUE).content.decode()
    assert "87%" in page and "0.8734" not in page
    row = editor_client.get(QUEUE).context["cl"].result_list[0]
    assert (row._appearances, row._sources) == (3, 2)


def test_filters_of_the_queue(editor_client, editor):
    ons = make_claimant()
    source = Source.objects.create(name="Courier")
    mine, other, seen = make_claim(claimant=ons, language="de"), make_claim(), make_claim()
    workflow.claim_assign(claim=mine, assignee=editor, by=editor)
    Evidence.objects.create(claim=other, excerpt="A source.")
    appear(seen, source=source)
    cases = {
        "assignee=me": [mine],
        "assignee=none": [other, seen],
        "evidence=yes": [other],
        f"source={source.pk}": [seen],
        f"claimant={ons.pk}": [mine],
        "language=de": [mine],
        "created_at__gte=2000-01-01 00:00:00+00:00": [mine, other, seen],
    }
    for query, expected in cases.items():
        key, value = query.split("=", 1)
        assert set(listed(editor_client.get(QUEUE, {key: value}))) == set(expected), query
    assert listed(editor_client.get(QUEUE, {"q": ons.name})) == [mine]


def bulk(client, action, claims, **extra):
    return client.post(
        QUEUE + "?state=all", {"action": action, "_selected_action": [c.pk for c in claims], **extra}
    )


def test_bulk_actions_go_through_the_workflow(editor_client, editor):
    claims = [make_claim(), make_claim()]
    assert bulk(editor_client, "assign_to_me", claims).status_code == 302
    assert {c.assignee for c in Claim.objects.all()} == {editor}

    other = make_editor("other")
    page = bulk(editor_client, "assign_to", claims)
    assert page.status_code == 200 and "Assign these 2 claim(s)" in page.content.decode()
    assert bulk(editor_client, "assign_to", claims, apply="1", assignee=other.pk).status_code == 302
    assert {c.assignee for c in Claim.objects.all()} == {other}

    bulk(editor_client, "set_in_review", claims[:1])
    bulk(editor_client, "dismiss_not_a_claim", claims)
    states = set(Claim.objects.values_list("review_state", "dismiss_reason"))
    assert states == {(S.DISMISSED, "not_a_claim")}
    assert Claim.history.filter(history_user=editor).count() == 2 + 2 + 1 + 2


def test_the_claim_page_drives_the_workflow_with_buttons(editor_client, editor):
    claim = make_claim()
    page = editor_client.get(change_url(claim)).content.decode()
    assert 'value="in_review">Start review' in page and "Dismiss" in page
    editor_client.post(workflow_url(claim), {"step": "in_review", "version": claim.version})
    claim.refresh_from_db()
    assert (claim.review_state, claim.assignee) == (S.IN_REVIEW, editor)
    editor_client.post(workflow_url(claim), {"step": "dismissed", "reason": "out_of_scope"})
    claim.refresh_from_db()
    assert (claim.review_state, claim.dismiss_reason) == (S.DISMISSED, "out_of_scope")
    page = editor_client.get(change_url(claim)).content.decode()
    assert "Reopen" in page and "Start review" not in page
    history = page.split('id="desk-history"')[1]
    assert "assignee: - → editor" in history and "review_state: in_review → dismissed" in history
    assert "dismissed: out of scope" in history  # the reason the service gave


def test_publish_button_only_for_a_publisher_who_did_not_write_the_draft(editor_client, editor):
    claim = make_claim()
    draft = workflow.verdict_draft(claim=claim, status="disputed", explanation="No.", by=editor)
    page = editor_client.get(change_url(claim)).content.decode()
    assert "Publish the verdict" not in page and "publish permission" in page
    response = editor_client.post(workflow_url(claim), {"step": "publish", "verdict": draft.pk}, follow=True)
    assert "publish permission" in response.content.decode()
    assert not Verdict.objects.get(pk=draft.pk).is_published

    publisher = Client()
    publisher.force_login(make_publisher())
    assert "Publish the verdict" in publisher.get(change_url(claim)).content.decode()
    publisher.post(workflow_url(claim), {"step": "publish", "verdict": draft.pk})
    claim.refresh_from_db()
    assert claim.review_state == S.PUBLISHED and claim.status == "disputed"
    page = publisher.get(change_url(claim)).content.decode()
    assert "Write a correction" in page and "No." in page


def test_a_superseded_verdict_stays_visible(editor_client, editor):
    claim, publisher = make_claim(), make_publisher()
    first = workflow.verdict_draft(claim=claim, status="confirmed", explanation="First ruling.", by=editor)
    workflow.verdict_publish(verdict=first, by=publisher)
    second = workflow.verdict_draft(
        claim=claim, status="disputed", explanation="Corrected ruling.", by=editor
    )
    workflow.verdict_publish(verdict=second, by=publisher)
    page = editor_client.get(change_url(claim)).content.decode()
    assert "First ruling." in page and "Corrected ruling." in page
    assert page.count("superseded by a later verdict") == 1
    assert page.index("Corrected ruling.") < page.index("First ruling.")


def claim_form(client, claim) -> dict:
    response = client.get(change_url(claim))
    form = response.context["adminform"].form
    return {
        "text": form["text"].value(),
        "claimant": form["claimant"].value() or "",
        "assignee": form["assignee"].value() or "",
        "page_version": form["page_version"].value(),
        "evidence-TOTAL_FORMS": "0",
        "evidence-INITIAL_FORMS": "0",
    }


def test_second_save_from_a_stale_claim_page_is_refused_with_what_changed(editor_client, editor):
    claim = make_claim(text="Unemployment fell to 4 percent.")
    other = Client()
    other.force_login(make_editor("rival"))
    mine, theirs = claim_form(editor_client, claim), claim_form(other, claim)

    theirs["text"] = "Unemployment fell to 4.1 percent."
    assert other.post(change_url(claim), theirs).status_code == 302

    mine["text"] = "Unemployment fell to four percent."
    response = editor_client.post(change_url(claim), mine)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else changed this claim" in page
    assert "rival" in page and "4.1 percent" in page  # who, and what they changed
    assert "Unemployment fell to four percent." in page  # my input is kept
    claim.refresh_from_db()
    assert claim.text == "Unemployment fell to 4.1 percent."

    # Saving again, having seen their change, is a deliberate overwrite.
    mine["page_version"] = response.context["adminform"].form["page_version"].value()
    assert editor_client.post(change_url(claim), mine).status_code == 302
    claim.refresh_from_db()
    assert claim.text == "Unemployment fell to four percent."


def test_second_save_of_a_draft_verdict_from_a_stale_page_is_refused(editor_client, editor):
    claim = make_claim()
    draft = workflow.verdict_draft(claim=claim, status="disputed", explanation="Draft one.", by=editor)
    url = reverse("admin:claims_verdict_change", args=[draft.pk])
    other = Client()
    other.force_login(make_editor("rival"))
    data = {"claim": claim.pk, "status": "disputed", "page_version": draft.version}
    assert other.post(url, {**data, "explanation": "Their wording."}).status_code == 302
    response = editor_client.post(url, {**data, "explanation": "My wording."})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else changed this draft" in page and "Their wording." in page and "My wording." in page
    assert Verdict.objects.get(pk=draft.pk).explanation == "Their wording."


def test_a_stale_workflow_button_is_refused(editor_client, editor):
    claim = make_claim()
    workflow.claim_assign(claim=claim, assignee=make_editor("rival"), by=editor)
    response = editor_client.post(
        workflow_url(claim), {"step": "dismissed", "reason": "duplicate", "version": 1}, follow=True
    )
    assert "changed by someone else" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).review_state == S.NEW


def test_the_index_shows_the_desk_counts_and_chart(editor_client, editor):
    make_claim(), make_claim()
    workflow.claim_assign(claim=make_claim(), assignee=editor, by=editor)
    page = editor_client.get(reverse("admin:index")).content.decode()
    assert 'id="desk-summary"' in page and "<svg" in page and "Awaiting triage" in page
    assert '<span class="n">3</span>Awaiting triage' in page
    assert '<span class="n">1</span>My claims' in page
    # Every script, style and image is served by the product itself: none from another host
    # (a CDN). Read from the tags' addresses, not the whole page, whose random CSRF token
    # may hold the letters "cdn".
    assets = re.findall(r'<(?:script|link|img)\b[^>]*?\b(?:src|href)="([^"]*)"', page)
    assert assets and all(a.startswith("/") and not a.startswith("//") for a in assets), assets


def test_staff_without_a_group_see_no_desk(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("visitor", password="x", is_staff=True))
    page = client.get(reverse("admin:index")).content.decode()
    assert 'id="desk-summary"' not in page and "Awaiting triage" not in page
    assert "have permission to view or edit anything" in page


def queries(client, url, **params) -> int:
    reset_queries()  # Django empties the log when a request starts: capture from empty
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


def test_pages_cost_the_same_queries_whatever_the_data(editor_client):
    def fill(n):
        for _ in range(n):
            claim = make_claim()
            appear(claim), appear(claim)
            Evidence.objects.create(claim=claim, excerpt="x")

    fill(2)
    claim = Claim.objects.first()
    urls = [
        (QUEUE, {}),
        (QUEUE, {"status__exact": "unconfirmed"}),
        (QUEUE, {"q": "Claim"}),
        (reverse("admin:claims_claimappearance_changelist"), {}),
        (reverse("admin:sources_article_changelist"), {}),
    ]
    for url, params in urls:  # warm: the language filter's choices are cached after the first view
        queries(editor_client, url, **params)
    before = [queries(editor_client, url, **params) for url, params in urls]
    assert all(count > 3 for count in before)
    queries(editor_client, change_url(claim))  # warm: content types are cached after the first view
    page_before = queries(editor_client, change_url(claim))
    fill(12)
    appear(claim, start=50), appear(claim, start=60)
    assert [queries(editor_client, url, **params) for url, params in urls] == before
    assert queries(editor_client, change_url(claim)) == page_before
