# UsedChallenge is now formguard.UsedChallenge on the same table (formguard.0001).
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("interaction", "0003_used_challenge"),
        ("formguard", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="UsedChallenge")],
            database_operations=[],
        ),
    ]
