from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("planner", "0008_recordings"),
    ]

    operations = [
        # A column with a default: the previous release, still running during a rolling
        # restart, neither reads nor writes it, and its inserts get the database default.
        migrations.AddField(
            model_name="runner",
            name="plan_stamp",
            field=models.PositiveBigIntegerField(default=0, db_default=0, editable=False),
        ),
    ]
