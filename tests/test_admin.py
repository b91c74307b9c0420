import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from claims.models import Claim, Claimant, ClaimAppearance, Evidence, MatchChange, MatchSuggestion, Verdict
from claims.services import claim_hash
from sources.models import Article, ArticleURL, Feed, Source
from tests.conftest import SEED
from tests.factories import make_article, make_editor, make_publisher

pytestmark = pytest.mark.django_db

MODELS = [
    Source,
    Feed,
    Article,
    ArticleURL,
    Claimant,
    Claim,
    ClaimAppearance,
    Evidence,
    Verdict,
    MatchSuggestion,
    MatchChange,
]


@pytest.fixture
def seeded():
    call_command("ingest", str(SEED), "--sync", stdout=None)
    return Article.objects.get()


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor())
    return client


def admin_url(model, view="changelist", *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_model_list_answers_an_editor(editor_client, seeded, model):
    response = editor_client.get(admin_url(model))
    assert response.status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_anonymous_visitor_is_sent_to_the_login_page(client, model):
    response = client.get(admin_url(model))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_claim_page_shows_its_appearances_with_article_and_sentence(editor_client, seeded):
    claim = Claim.objects.get(text__contains="3,000")
    appearance = claim.appearances.get()
    response = editor_client.get(admin_url(Claim, "change", claim.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert escape(str(seeded)) in page
    assert escape(appearance.sentence) in page.replace("<mark>", "").replace("</mark>", "")
    assert "<mark>Korean</mark>" in page  # the claim's words, highlighted in the sentence
    assert admin_url(Article, "change", seeded.pk) in page


def test_article_page_lists_the_claims_found(editor_client, seeded):
    response = editor_client.get(admin_url(Article, "change", seeded.pk))
    assert response.status_code == 200
    assert "3,000 North Korean troops" in response.content.decode()


def test_editors_see_which_articles_were_cut_at_their_limits(editor_client, seeded):
    note = "Limits reached; not recorded: 66,362 repeats of a sentence already recorded 3 times."
    cut = make_article(status=Article.Status.DONE, title="Spam page", limits_note=note)
    page = editor_client.get(admin_url(Article)).content.decode()
    assert escape(note) in page, "the note is in the list, without opening the article"
    limited = editor_client.get(admin_url(Article) + "?limited=yes").content.decode()
    assert "Spam page" in limited and escape(str(seeded)) not in limited
    not_limited = editor_client.get(admin_url(Article) + "?limited=no").content.decode()
    assert "Spam page" not in not_limited and escape(str(seeded)) in not_limited
    assert escape(note) in editor_client.get(admin_url(Article, "change", cut.pk)).content.decode()


def test_claim_list_searches_and_filters(editor_client, seeded):
    response = editor_client.get(admin_url(Claim), {"q": "Kursk", "status__exact": "unconfirmed"})
    assert response.status_code == 200
    found = list(response.context["cl"].result_list)
    assert found and all("Kursk" in claim.text for claim in found)
    assert Claim.objects.exclude(text__contains="Kursk").exists()
    response = editor_client.get(admin_url(Claim), {"q": "Kursk", "status__exact": "disputed"})
    assert list(response.context["cl"].result_list) == []


def draft_verdict(client, claim, *, status="disputed", evidence=()):
    return client.post(
        admin_url(Verdict, "add"),
        {
            "claim": claim.pk,
            "status": status,
            "explanation": "The Pentagon put the figure at 8,000 two weeks later.",
            "evidence": [item.pk for item in evidence],
        },
    )


def publish_verdict(client, claim, *, status="disputed", evidence=()):
    """The editor drafts, a second editor with the publish permission publishes."""
    response = draft_verdict(client, claim, status=status, evidence=evidence)
    if response.status_code != 302:
        return response
    publisher = Client()
    publisher.force_login(make_publisher())
    verdict = claim.verdicts.get(is_published=False)
    return publisher.post(
        reverse("admin:claims_claim_workflow", args=[claim.pk]), {"step": "publish", "verdict": verdict.pk}
    )


def test_publishing_a_verdict_rules_on_the_claim(editor_client, seeded):
    claim = Claim.objects.get(text__contains="3,000")
    response = publish_verdict(editor_client, claim)
    assert response.status_code == 302, response.content.decode()[:2000]
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DISPUTED
    assert claim.review_state == Claim.ReviewState.PUBLISHED
    verdict = claim.verdicts.get()
    assert verdict.is_published and verdict.published_at is not None
    assert verdict.author.username == "editor"


def test_claim_status_is_not_editable_without_a_verdict(editor_client, seeded):
    claim = Claim.objects.get(text__contains="3,000")
    response = editor_client.get(admin_url(Claim, "change", claim.pk))
    assert 'name="status"' not in response.content.decode()
    assert admin_url(Verdict, "add") + f"?claim={claim.pk}" in response.content.decode()


def test_a_published_verdict_and_its_evidence_cannot_be_changed_or_deleted(editor_client, seeded):
    claim = Claim.objects.get(text__contains="3,000")
    evidence = Evidence.objects.create(claim=claim, url="https://example.org/pentagon", stance="refutes")
    publish_verdict(editor_client, claim, evidence=[evidence])
    verdict = claim.verdicts.get()
    assert list(verdict.evidence.all()) == [evidence]
    for url in [admin_url(Verdict, "delete", verdict.pk), admin_url(Evidence, "delete", evidence.pk)]:
        assert editor_client.post(url, {"post": "yes"}).status_code == 403
    response = editor_client.post(
        admin_url(Evidence, "change", evidence.pk),
        {"claim": claim.pk, "url": "https://example.org/other", "stance": "supports"},
    )
    assert response.status_code == 403
    verdict.refresh_from_db(), evidence.refresh_from_db()
    assert evidence.url == "https://example.org/pentagon"


def test_a_verdict_cannot_cite_another_claims_evidence(editor_client, seeded):
    claim, other = Claim.objects.all()[:2]
    foreign = Evidence.objects.create(claim=other, excerpt="Unrelated.", stance="context")
    response = publish_verdict(editor_client, claim, evidence=[foreign])
    assert response.status_code == 200  # the form again, with its error
    assert not Verdict.objects.exists()


def test_staff_without_the_editors_group_cannot_see_claims(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("visitor", password="x", is_staff=True))
    assert client.get(admin_url(Claim)).status_code == 403


def test_create_editor_prints_a_working_login(client):
    from io import StringIO

    out = StringIO()
    call_command("create_editor", "desk", stdout=out)
    password = out.getvalue().split("password ")[1].strip().strip("'")
    assert client.login(username="desk", password=password)
    assert client.get(admin_url(Claim)).status_code == 200


def change_form_data(response) -> dict:
    """The POST data of an admin change page as it was rendered (all forms unchanged)."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(
            {f"{formset.prefix}-{key}": value for key, value in formset.management_form.initial.items()}
        )
        forms.extend(formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            key = form.add_prefix(name)
            data[key] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
    return data


def delete_first_evidence(client, claim):
    url = admin_url(Claim, "change", claim.pk)
    data = change_form_data(client.get(url))
    data["evidence-0-DELETE"] = "on"
    return client.post(url, data)


def test_evidence_can_be_deleted_from_the_claim_page_until_a_published_verdict_cites_it(
    editor_client, seeded
):
    claim = Claim.objects.get(text__contains="3,000")
    draft = Evidence.objects.create(claim=claim, excerpt="A first note.", stance="context")
    assert delete_first_evidence(editor_client, claim).status_code == 302
    assert not Evidence.objects.filter(pk=draft.pk).exists()

    evidence = Evidence.objects.create(claim=claim, url="https://example.org/pentagon", stance="refutes")
    publish_verdict(editor_client, claim, evidence=[evidence])
    response = delete_first_evidence(editor_client, claim)
    assert response.status_code == 200
    assert "cited by a published verdict" in response.content.decode()
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_a_claim_on_record_shows_its_wording_read_only_and_a_forged_post_changes_none_of_it(
    editor_client, seeded
):
    claim = Claim.objects.get(text__contains="3,000")
    publish_verdict(editor_client, claim)
    claim.refresh_from_db()
    before = (claim.text, claim.normalized_hash, claim.claimant_id, claim.language, claim.review_state)
    url = admin_url(Claim, "change", claim.pk)
    page = editor_client.get(url)
    for name in ["text", "claimant", "review_state"]:
        assert f'name="{name}"' not in page.content.decode()
    assert escape(claim.text) in page.content.decode()
    # The page's own data plus what a crafted request would add.
    data = change_form_data(page)
    other = Claimant.objects.exclude(pk=claim.claimant_id).first() or Claimant.objects.create(
        name="Someone Else", normalized_name="someone else"
    )
    editor = claim.verdicts.get().author
    data.update(
        {
            "text": "A sentence nobody checked.",
            "claimant": str(other.pk),
            "language": "fr",
            "review_state": "new",
            "assignee": str(editor.pk),
        }
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    claim.refresh_from_db()
    assert (
        claim.text,
        claim.normalized_hash,
        claim.claimant_id,
        claim.language,
        claim.review_state,
    ) == before
    assert claim.assignee == editor  # what the verdict did not rule on stays editable


def test_editing_a_claims_wording_keeps_its_matching_key_in_step(editor_client, seeded):
    claim = Claim.objects.get(text__contains="3,000")
    url = admin_url(Claim, "change", claim.pk)
    data = change_form_data(editor_client.get(url))
    data["text"] = "About 3,000 North Korean troops have been sent to Russia."
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    claim.refresh_from_db()
    assert claim.text == data["text"]
    assert claim.normalized_hash == claim_hash(data["text"])


def test_an_edit_that_takes_another_claims_wording_is_refused_with_a_message(editor_client, seeded):
    claim = Claim.objects.get(text__contains="3,000")
    other = Claim.objects.exclude(pk=claim.pk).first()
    url = admin_url(Claim, "change", claim.pk)
    data = change_form_data(editor_client.get(url))
    data["text"] = other.text.upper()
    response = editor_client.post(url, data)
    assert response.status_code == 200  # the form again, with its error
    assert f"Claim #{other.pk} already has this wording" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).text == claim.text


def test_a_refusal_at_the_save_is_a_message_not_a_server_error(editor_client, seeded, monkeypatch):
    # As if another editor took the wording between the form's check and the save.
    from django import forms

    from claims.admin import ClaimForm

    monkeypatch.setattr(ClaimForm, "clean", forms.ModelForm.clean)
    claim = Claim.objects.get(text__contains="3,000")
    other = Claim.objects.exclude(pk=claim.pk).first()
    url = admin_url(Claim, "change", claim.pk)
    data = change_form_data(editor_client.get(url))
    data["text"] = other.text
    response = editor_client.post(url, data, follow=True)
    assert response.status_code == 200
    assert f"Claim #{other.pk} already has this wording" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).text == claim.text


def test_adding_a_claim_in_the_admin_gives_it_its_matching_key(admin_client, seeded):
    # (Editors do not add claims by hand; an administrator may.)
    text = "Kim Jong Un visited Vladivostok in 2019."
    data = change_form_data(admin_client.get(admin_url(Claim, "add")))
    response = admin_client.post(admin_url(Claim, "add"), {**data, "text": text})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Claim.objects.get(text=text).normalized_hash == claim_hash(text)
    response = admin_client.post(admin_url(Claim, "add"), {**data, "text": text.lower()})
    assert response.status_code == 200 and "already has this wording" in response.content.decode()
    assert Claim.objects.filter(text__iexact=text).count() == 1


def test_the_claimant_of_a_published_verdict_can_be_neither_renamed_nor_deleted(
    editor_client, admin_client, seeded
):
    claim = Claim.objects.get(text__contains="3,000")
    publish_verdict(editor_client, claim)
    claimant = claim.claimant
    response = editor_client.post(admin_url(Claimant, "change", claimant.pk), {"name": "Someone Else"})
    assert response.status_code == 403
    # Not even by an administrator, from the list (editors may not delete claimants at all).
    admin_client.post(
        admin_url(Claimant),
        {"action": "delete_selected", "_selected_action": [claimant.pk], "post": "yes"},
    )
    claimant.refresh_from_db()
    assert claimant.name == "U.S. intelligence" and Claim.objects.get(pk=claim.pk).claimant == claimant


def test_delete_selected_from_a_list_spares_what_is_on_the_record(editor_client, admin_client, seeded):
    claim = Claim.objects.get(text__contains="3,000")
    evidence = Evidence.objects.create(claim=claim, url="https://example.org/pentagon", stance="refutes")
    publish_verdict(editor_client, claim, evidence=[evidence])
    verdict = claim.verdicts.get()
    for model, row in [(Verdict, verdict), (Evidence, evidence)]:
        response = admin_client.post(
            admin_url(model), {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"}
        )
        # (Asked of each selected row: has_delete_permission(request, row).)
        assert response.status_code == 403 or "Cannot delete" in response.content.decode()
        assert model.objects.filter(pk=row.pk).exists()
