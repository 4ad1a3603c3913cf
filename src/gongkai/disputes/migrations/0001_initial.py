# The register moved out of `applications`: its table stays (`applications_remedy`); only
# Django's state changes owner. applications.0005 removes it from the applications' state.
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("applications", "0004_assignments"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Remedy",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=[("review", "行政复议"), ("direct", "未经复议直接起诉"), ("after_review", "复议后起诉")], max_length=20, verbose_name="类型")),
                        ("filed_on", models.DateField(verbose_name="受理日期")),
                        ("result", models.CharField(choices=[("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果"), ("pending", "尚未审结")], default="pending", max_length=20, verbose_name="结果")),
                        ("concluded_on", models.DateField(blank=True, null=True, verbose_name="审结日期")),
                        ("case_number", models.CharField(blank=True, max_length=100, verbose_name="案号")),
                        ("recorded_at", models.DateTimeField(auto_now_add=True)),
                        ("application", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="remedies", to="applications.application")),
                        ("recorded_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("review", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="lawsuits", to="disputes.remedy", verbose_name="所经行政复议")),
                        ("reply", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="remedies", to="applications.reply")),
                    ],
                    options={
                        "verbose_name": "行政复议、行政诉讼",
                        "verbose_name_plural": "行政复议、行政诉讼",
                        "ordering": ["filed_on", "pk"],
                        "db_table": "applications_remedy",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
