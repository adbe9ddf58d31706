"""ProgressSettings moves here from the dashboards app: the table is renamed, the content type
follows (so the audit entries about it keep pointing at it), no row is touched."""

from django.db import migrations, models

RENAME = "ALTER TABLE dashboards_progresssettings RENAME TO measurement_progresssettings"
RENAME_BACK = "ALTER TABLE measurement_progresssettings RENAME TO dashboards_progresssettings"


def move_content_type(apps, schema_editor, source="dashboards", target="measurement"):
    content_type = apps.get_model("contenttypes", "ContentType")
    if not content_type.objects.filter(app_label=target, model="progresssettings").exists():
        content_type.objects.filter(app_label=source, model="progresssettings").update(
            app_label=target
        )


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, source="measurement", target="dashboards")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("dashboards", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ProgressSettings",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "default_method",
                            models.CharField(
                                choices=[
                                    ("opensdg", "Open SDG (Statistics Canada)"),
                                    ("unsd", "UN SDG Progress Chart"),
                                    ("sdsn", "SDSN SDG Index trend"),
                                ],
                                default="opensdg",
                                max_length=10,
                                verbose_name="default progress method",
                            ),
                        ),
                        (
                            "base_year",
                            models.PositiveSmallIntegerField(
                                default=2015,
                                help_text="Progress is measured from this year.",
                                verbose_name="base year",
                            ),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                    ],
                    options={
                        "verbose_name": "progress settings",
                        "verbose_name_plural": "progress settings",
                    },
                ),
            ],
            database_operations=[migrations.RunSQL(RENAME, RENAME_BACK)],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
