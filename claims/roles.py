"""The desk's roles: which groups exist and what each may do, in one place.

Editors triage, research and draft; Publishers may also publish. Neither manages
users, groups or API keys: that stays with superusers. The groups are created by a
data migration (``0010_desk_roles``) and kept in step by ``create_editor``.
"""

from __future__ import annotations

from django.apps import apps as global_apps

EDITORS = "Editors"
PUBLISHERS = "Publishers"

# What editors do: everything on claims and evidence, read and correct sources and
# articles; verdicts are drafted, never deleted (a published one is on the record).
EDITOR_PERMISSIONS: dict[str, dict[str, list[str]]] = {
    "claims": {
        "claim": ["view", "change"],
        "claimant": ["view", "add", "change"],
        # Change: an editor moves a sighting to another claim or splits it off.
        "claimappearance": ["view", "change"],
        "matchsuggestion": ["view", "change"],
        "matchchange": ["view"],
        "evidence": ["view", "add", "change", "delete"],
        "verdict": ["view", "add", "change"],
    },
    "sources": {
        "source": ["view", "add", "change"],
        "feed": ["view", "add", "change"],
        "article": ["view", "change"],
        "articleurl": ["view"],
    },
}
# Publishers: an editor who may also put a verdict on the public record.
PUBLISH_PERMISSION = ("claims", "publish_verdict")


def _codenames(spec: dict[str, dict[str, list[str]]]) -> list[tuple[str, str]]:
    return [
        (app, f"{action}_{model}")
        for app, models in spec.items()
        for model, actions in models.items()
        for action in actions
    ]


def sync_groups(apps=global_apps):
    """Create the Editors and Publishers groups (or reset their permissions); return both.

    ``apps`` is the migration's historical registry when called from a migration.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(pairs):
        found = []
        for app, codename in pairs:
            found.extend(Permission.objects.filter(content_type__app_label=app, codename=codename))
        return found

    editor_pairs = _codenames(EDITOR_PERMISSIONS)
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.set(permissions(editor_pairs))
    publishers, _ = Group.objects.get_or_create(name=PUBLISHERS)
    publishers.permissions.set(permissions([*editor_pairs, PUBLISH_PERMISSION]))
    return editors, publishers


def can_publish(user) -> bool:
    return bool(user.has_perm(".".join(PUBLISH_PERMISSION)))
