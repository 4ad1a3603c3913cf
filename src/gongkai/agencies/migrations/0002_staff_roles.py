import django.db.models.deletion
from django.db import migrations, models

ROLE_CHOICES = [
    ("agency_admin", "机关管理员"),
    ("editor", "股室信息员"),
    ("reviewer", "审核人"),
    ("disclosure_officer", "公开办工作人员"),
    ("disclosure_head", "公开办负责人"),
    ("supervisor", "政务公开办（监管）"),
]


def copy_roles(apps, schema_editor):
    StaffProfile = apps.get_model("agencies", "StaffProfile")
    StaffRole = apps.get_model("agencies", "StaffRole")
    StaffRole.objects.bulk_create(
        StaffRole(profile_id=pk, role=role)
        for pk, role in StaffProfile.objects.values_list("pk", "role")
    )


def copy_back(apps, schema_editor):
    StaffProfile = apps.get_model("agencies", "StaffProfile")
    for profile in StaffProfile.objects.all():
        grant = profile.role_grants.order_by("role").first()
        profile.role = grant.role if grant else "editor"
        profile.save(update_fields=["role"])


class Migration(migrations.Migration):
    """A person may hold several roles in one agency (officer and head, admin and officer)."""

    dependencies = [("agencies", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="StaffRole",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("role", models.CharField(choices=ROLE_CHOICES, max_length=30, verbose_name="角色")),
                (
                    "profile",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="role_grants",
                        to="agencies.staffprofile",
                        verbose_name="工作人员",
                    ),
                ),
            ],
            options={"verbose_name": "角色", "verbose_name_plural": "角色", "ordering": ["profile", "role"]},
        ),
        migrations.AddConstraint(
            model_name="staffrole",
            constraint=models.UniqueConstraint(fields=("profile", "role"), name="staff_role_unique"),
        ),
        migrations.AlterField(
            model_name="staffprofile",
            name="role",
            field=models.CharField(choices=ROLE_CHOICES, default="", max_length=30, verbose_name="角色"),
        ),
        migrations.RunPython(copy_roles, copy_back),
        migrations.RemoveField(model_name="staffprofile", name="role"),
    ]
