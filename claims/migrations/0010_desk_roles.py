from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate): create
    # those of the apps the roles name now, so the groups can be given them.
    for label in ("claims", "sources"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    from claims.roles import sync_groups

    sync_groups(apps)


def remove_groups(apps, schema_editor):
    from claims.roles import EDITORS, PUBLISHERS

    apps.get_model("auth", "Group").objects.filter(name__in=[EDITORS, PUBLISHERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0009_desk_workflow_history"),
        ("sources", "0004_feeds_polling"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
