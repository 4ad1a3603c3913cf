# PersonalDataAccess moved here from `supervision` (its table keeps its name); only Django's
# state changes owner. supervision.0002 removes it from the supervision's state.
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("supervision", "0001_personal_data_access"),
        ("agencies", "0002_staff_roles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PersonalDataAccess",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("case_kind", models.CharField(choices=[("application", "政府信息公开申请"), ("message", "政民互动留言")], max_length=20, verbose_name="类别")),
                        ("case_id", models.PositiveBigIntegerField(verbose_name="编号")),
                        ("tracking_code", models.CharField(max_length=40, verbose_name="查询码")),
                        ("accessed_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="查看时间")),
                        ("agency", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="agencies.agency", verbose_name="机关")),
                        ("user", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="personal_data_accesses", to=settings.AUTH_USER_MODEL, verbose_name="查看人")),
                    ],
                    options={
                        "verbose_name": "个人信息查看记录",
                        "verbose_name_plural": "个人信息查看记录",
                        "ordering": ["-accessed_at", "-pk"],
                        "db_table": "supervision_personaldataaccess",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
