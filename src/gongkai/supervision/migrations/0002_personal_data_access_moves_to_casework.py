# PersonalDataAccess is now casework.PersonalDataAccess on the same table (casework.0001).
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0001_personal_data_access"),
        ("casework", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="PersonalDataAccess")],
            database_operations=[],
        ),
    ]
