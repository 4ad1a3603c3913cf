# The register of 行政复议、行政诉讼 is now `disputes.Remedy` on the same table
# (disputes.0001); this only removes the model from the applications' state.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0004_assignments"),
        ("disputes", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Remedy")],
            database_operations=[],
        ),
    ]
