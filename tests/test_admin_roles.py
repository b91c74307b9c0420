"""Every admin URL, walked as each role: what the roles table promises is what the admin does."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from claims import workflow
from claims.models import Claim, Evidence
from claims.roles import EDITOR_PERMISSIONS
from sources.models import Feed, Source
from tests.conftest import SEED
from tests.factories import make_editor, make_publisher

pytestmark = pytest.mark.django_db

VIEWS = {"changelist": "view", "add": "add", "change": "view", "history": "view", "delete": "delete"}


@pytest.fixture
def one_of_each(django_user_model):
    call_command("ingest", str(SEED), "--sync", stdout=None)
    source = Source.objects.create(name="Courier")
    Feed.objects.create(source=source, url="https://example.org/feed.xml")
    claim = Claim.objects.first()
    Evidence.objects.create(claim=claim, excerpt="A passage.")
    workflow.verdict_draft(claim=claim, status="disputed", explanation="Draft.", by=make_editor("author"))
    django_user_model.objects.create_user("someone")


def urls():
    """(app, model, view, url) for every registered model and each of its admin views."""
    for model in admin.site._registry:
        meta = model._meta
        obj = model._default_manager.order_by("pk").first()
        for view in VIEWS:
            per_row = view in ("change", "history", "delete")
            if per_row and obj is None:
                continue
            args = [obj.pk] if per_row else []
            try:
                url = reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)
            except NoReverseMatch:
                continue
            yield meta.app_label, meta.model_name, view, url


def desk_may(app: str, model: str, view: str, *, publisher: bool) -> bool:
    actions = EDITOR_PERMISSIONS.get(app, {}).get(model, [])
    needed = VIEWS[view]
    # "change" serves viewing too; a view-only page is still a 200.
    return needed in actions or (needed == "view" and "change" in actions)


@pytest.mark.parametrize("role", ["superuser", "publisher", "editor", "staff without a group"])
def test_every_admin_url_answers_as_the_role_allows(client, django_user_model, one_of_each, role):
    if role == "superuser":
        user = django_user_model.objects.create_superuser("root", password="x")
    elif role == "publisher":
        user = make_publisher()
    elif role == "editor":
        user = make_editor()
    else:
        user = django_user_model.objects.create_user("visitor", password="x", is_staff=True)
    client.force_login(user)
    walked, wrong = 0, []
    # Pages no one may use (adding rows only the pipeline makes, such as match suggestions):
    # what a superuser is refused, from each admin's own permission methods.
    root = RequestFactory().get("/admin/")
    root.user = django_user_model(is_superuser=True, is_staff=True, is_active=True)
    no_one = {
        (m._meta.app_label, m._meta.model_name, "add")
        for m, model_admin in admin.site._registry.items()
        if not model_admin.has_add_permission(root)
    }
    for app, model, view, url in urls():
        if (app, model, view) in no_one or role == "staff without a group":
            expected = 403
        elif role == "superuser":
            expected = 200
        else:
            expected = 200 if desk_may(app, model, view, publisher=role == "publisher") else 403
        status = client.get(url).status_code
        walked += 1
        if status != expected:
            wrong.append(f"{url}: {status}, expected {expected}")
    assert walked >= 40
    assert not wrong, "\n".join(wrong)
    index = client.get(reverse("admin:index")).content.decode()
    assert ("Awaiting triage" in index) == (role != "staff without a group")


@pytest.mark.parametrize("role", ["publisher", "editor"])
def test_the_desk_cannot_manage_users_groups_or_keys(client, role):
    client.force_login(make_publisher() if role == "publisher" else make_editor())
    page = client.get(reverse("admin:index")).content.decode()
    assert "/admin/auth/" not in page
    for model in admin.site._registry:
        if model._meta.app_label not in EDITOR_PERMISSIONS:  # users, groups, API keys, anything new
            assert (
                client.get(
                    reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
                ).status_code
                == 403
            )


def test_groups_exist_after_migrating_and_only_publishers_publish():
    editors, publishers = Group.objects.get(name="Editors"), Group.objects.get(name="Publishers")
    assert not editors.permissions.filter(codename="publish_verdict").exists()
    assert publishers.permissions.filter(codename="publish_verdict").exists()
    assert not publishers.permissions.filter(content_type__app_label="auth").exists()


def test_create_editor_makes_a_publisher_on_request(client):
    from io import StringIO

    out = StringIO()
    call_command("create_editor", "chief", "--publisher", "--password", "pw-12345", stdout=out)
    assert "publisher login" in out.getvalue()
    assert client.login(username="chief", password="pw-12345")
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.get(username="chief").has_perm("claims.publish_verdict")
