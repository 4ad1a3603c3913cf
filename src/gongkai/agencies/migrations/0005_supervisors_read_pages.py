"""Supervisors read every agency's pages in Wagtail's admin (``roles.sync_supervisors``):
give an existing supervisors group its page permission on the tree root. A new
installation has no such group yet; ``sync_supervisors`` grants it when the first
supervisor is given the role."""

from django.db import migrations


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    group = Group.objects.filter(name="supervisors").first()
    root = Page.objects.filter(depth=1).order_by("path").first()
    change = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename="change_page"
    ).first()
    if group is None or root is None or change is None:
        return
    GroupPagePermission.objects.get_or_create(group=group, page=root, permission=change)


def revoke(apps, schema_editor):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupPagePermission.objects.filter(
        group__name="supervisors", page__depth=1, permission__codename="change_page"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0004_agency_refusal_needs_head_approval"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
