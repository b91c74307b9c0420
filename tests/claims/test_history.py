"""The audit trail: every write to claims, verdicts, evidence and appearances leaves an entry."""

import pytest
from django.urls import reverse

from claims import desk, services, workflow
from claims.models import Claim, ClaimAppearance, Evidence, Verdict
from claims.splitting.types import ClaimCandidate, Document, SplitResult
from sources import services as source_services
from sources.models import Article
from tests.conftest import SEED, wait_until
from tests.factories import make_article, make_claim, make_editor, make_publisher

TEXT = "Unemployment fell to 4 percent in May."


def split_with_score(score: float) -> SplitResult:
    candidate = ClaimCandidate(
        text=TEXT, sentence=TEXT, start=0, end=len(TEXT), claimant="ONS", checkworthiness=score, quote=False
    )
    return SplitResult(language="en", document=Document(text=TEXT), claims=[candidate])


@pytest.mark.django_db
def test_the_pipelines_conditional_update_of_a_claim_is_recorded():
    services.claims_record_split(article=make_article(), result=split_with_score(0.4))
    services.claims_record_split(article=make_article(), result=split_with_score(0.9))
    claim = Claim.objects.get()
    scores = list(
        claim.history.order_by("history_id").values_list("checkworthiness", "history_change_reason")
    )
    assert scores[0][0] == 0.4 and scores[-1][0] == 0.9
    assert scores[-1][1].startswith("seen again in article")


@pytest.mark.django_db
def test_bulk_actions_and_publishing_leave_one_entry_per_claim_with_the_editor():
    editor, publisher = make_editor(), make_publisher()
    claims = [make_claim(), make_claim(), make_claim()]
    workflow.claims_assign(claims=claims, assignee=editor, by=editor)
    workflow.claims_transition(claims=claims, to=Claim.ReviewState.DISMISSED, by=editor, reason="duplicate")
    for claim in claims:
        entries = list(Claim.history.filter(id=claim.pk).order_by("history_id"))
        assert [e.history_type for e in entries] == ["+", "~", "~"]
        assert [e.history_user for e in entries[1:]] == [editor, editor]
        assert entries[-1].review_state == "dismissed" and entries[-1].dismiss_reason == "duplicate"

    claim = make_claim()
    draft = workflow.verdict_draft(claim=claim, status="disputed", explanation="No.", by=editor)
    workflow.verdict_publish(verdict=draft, by=publisher)
    last = Claim.history.filter(id=claim.pk).latest("history_id")
    assert (last.status, last.review_state, last.history_user) == ("disputed", "published", publisher)
    assert Verdict.history.filter(id=draft.pk).latest("history_id").is_published
    kinds = [(c.what, c.who) for c in desk.claim_history(claim)]
    assert ("Verdict", "publisher") in kinds and ("Claim", "editor") in kinds


@pytest.mark.django_db
def test_evidence_added_on_the_claim_page_is_recorded_with_its_editor(client):
    editor = make_editor()
    claim = make_claim()
    client.force_login(editor)
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    page = client.get(url)
    data = {
        "text": claim.text,
        "page_version": claim.version,
        "evidence-TOTAL_FORMS": "1",
        "evidence-INITIAL_FORMS": "0",
        "evidence-0-url": "https://example.org/ons",
        "evidence-0-stance": "refutes",
        "evidence-0-excerpt": "Unemployment was 4.4 percent.",
        "csrfmiddlewaretoken": page.context["csrf_token"],
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    evidence = Evidence.objects.get()
    assert evidence.added_by == editor
    record = Evidence.history.get()
    assert record.history_user == editor and record.history_type == "+"
    assert "https://example.org/ons" in client.get(url).content.decode().split('id="desk-history"')[1]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_claims_and_appearances_recorded_by_a_celery_worker_are_in_the_history(celery_worker_process):
    outcome = source_services.article_store(data=SEED.read_bytes(), original_name="seed.txt")
    wait_until(lambda: Article.objects.filter(pk=outcome.article.pk, status=Article.Status.DONE).exists())
    assert Claim.objects.exists()
    assert Claim.history.filter(history_type="+").count() == Claim.objects.count()
    assert ClaimAppearance.history.filter(history_type="+").count() == ClaimAppearance.objects.count()
    assert not Claim.history.filter(history_user__isnull=False).exists()  # the pipeline, not a person


@pytest.mark.django_db
def test_merging_claims_records_every_row_it_moves_with_the_editor():
    from claims import match_services

    editor = make_editor()
    source, target = make_claim(), make_claim()
    appear = ClaimAppearance.objects.create(
        claim=source, article=make_article(), sentence=source.text, start=0, end=10
    )
    evidence = Evidence.objects.create(claim=source, excerpt="A passage.")
    match_services.claim_merge(source=source, target=target, by=editor)
    for model, pk in [(ClaimAppearance, appear.pk), (Evidence, evidence.pk), (Claim, source.pk)]:
        last = model.history.filter(id=pk).latest("history_id")
        assert last.history_user == editor and "merged claim" in last.history_change_reason
    assert ClaimAppearance.history.filter(id=appear.pk).latest("history_id").claim_id == target.pk
