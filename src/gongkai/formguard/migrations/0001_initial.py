# UsedChallenge moved here from `interaction` (its table keeps its name); only Django's state
# changes owner. interaction.0004 removes it from the interaction's state.
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [("interaction", "0003_used_challenge")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="UsedChallenge",
                    fields=[
                        ("key", models.CharField(max_length=100, primary_key=True, serialize=False)),
                        ("used_at", models.DateTimeField(db_index=True)),
                    ],
                    options={
                        "verbose_name": "已使用的验证问题",
                        "verbose_name_plural": "已使用的验证问题",
                        "db_table": "interaction_usedchallenge",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
