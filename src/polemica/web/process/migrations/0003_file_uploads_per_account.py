"""Uploads per account: the stored bytes keep only their hash and size; each account's upload
(and the name it gave) becomes a `FileUpload`, so no account is told another's file name."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def uploads_from_files(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    stored = apps.get_model("process", "StoredFile")
    upload = apps.get_model("process", "FileUpload")
    rows = stored.objects.filter(uploaded_by__isnull=False).values_list(
        "sha256", "uploaded_by_id", "name"
    )
    upload.objects.bulk_create(
        [upload(file_id=sha, user_id=user, name=name) for sha, user, name in rows]
    )


def files_from_uploads(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    stored = apps.get_model("process", "StoredFile")
    upload = apps.get_model("process", "FileUpload")
    for row in upload.objects.order_by("id"):
        stored.objects.filter(pk=row.file_id, uploaded_by__isnull=True).update(
            uploaded_by_id=row.user_id, name=row.name
        )


class Migration(migrations.Migration):
    dependencies = [
        ("process", "0002_phasebacking"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="FileUpload",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.TextField()),
                (
                    "file",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="uploads",
                        to="process.storedfile",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="uploads",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("user", "file"), name="upload_once")
                ],
            },
        ),
        migrations.RunPython(uploads_from_files, files_from_uploads),
        # Defaults only so that going back can add the columns to existing rows again.
        migrations.AlterField(
            model_name="storedfile", name="name", field=models.TextField(default="")
        ),
        migrations.AlterField(
            model_name="storedfile",
            name="content_type",
            field=models.CharField(default="application/octet-stream", max_length=100),
        ),
        migrations.RemoveField(model_name="storedfile", name="content_type"),
        migrations.RemoveField(model_name="storedfile", name="name"),
        migrations.RemoveField(model_name="storedfile", name="uploaded_by"),
    ]
