import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from claims.models import Claim, Claimant, ClaimAppearance, Evidence, Verdict
from sources.models import Article, Feed, Source
from tests.conftest import SEED
from tests.factories import make_editor

pytestmark = pytest.mark.django_db

MODELS = [Source, Feed, Article, Claimant, Claim, ClaimAppearance, Evidence, Verdict]


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
    assert escape(appearance.sentence) in page
    assert admin_url(Article, "change", seeded.pk) in page


def test_article_page_lists_the_claims_found(editor_client, seeded):
    response = editor_client.get(admin_url(Article, "change", seeded.pk))
    assert response.status_code == 200
    assert "3,000 North Korean troops" in response.content.decode()


def test_claim_list_searches_and_filters(editor_client, seeded):
    response = editor_client.get(admin_url(Claim), {"q": "Kursk", "status__exact": "unconfirmed"})
    assert response.status_code == 200
    assert "Kursk" in response.content.decode()


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
