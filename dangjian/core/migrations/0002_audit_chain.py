"""The audit log becomes a hash chain with a database guard (append-only).

Rows already present are masked (ID and phone numbers) and chained in id order; then the table
gets its triggers (SQLite and PostgreSQL; nothing on other databases).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from dangjian.core import audit_guard

GENESIS = "0" * 64


def chain_existing_rows(apps, schema_editor):
    from datetime import UTC

    from dangjian.core.audit_chain import HASHED_FIELDS, hash_of
    from dangjian.core.masking import mask_data, mask_text

    AuditLog = apps.get_model("core", "AuditLog")
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    last_seq, last_hash = 0, GENESIS
    for log in AuditLog.objects.order_by("id").iterator(chunk_size=2000):
        last_seq += 1
        log.seq, log.prev_hash = last_seq, last_hash
        # Rows written before masking existed may hold clear numbers: masked before chaining.
        log.detail, log.object_repr = mask_text(log.detail), mask_text(log.object_repr)
        log.before, log.after = mask_data(log.before), mask_data(log.after)
        log.actor_name = log.actor.username if log.actor_id and log.actor else ""
        payload = {f: getattr(log, f) for f in HASHED_FIELDS if f != "at"}
        payload["at"] = log.at.astimezone(UTC).isoformat()
        log.row_hash = hash_of(payload)
        log.save(update_fields=[
            "seq", "prev_hash", "row_hash", "actor_name", "detail", "object_repr", "before", "after"
        ])
        last_hash = log.row_hash
    AuditChainHead.objects.create(pk=1, last_seq=last_seq, last_hash=last_hash, base_hash=GENESIS)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("last_seq", models.BigIntegerField(default=0)),
                ("last_hash", models.CharField(max_length=64)),
                ("base_seq", models.BigIntegerField(default=0)),
                ("base_hash", models.CharField(max_length=64)),
            ],
            options={
                "constraints": [
                    models.CheckConstraint(condition=models.Q(pk=1), name="audit_chain_single_head"),
                    models.CheckConstraint(condition=models.Q(base_seq__lte=models.F("last_seq")), name="audit_chain_base_not_past_head"),
                ],
            },
        ),
        migrations.AlterModelOptions(name="auditlog", options={"ordering": ["-seq"]}),
        migrations.AddField(model_name="auditlog", name="seq", field=models.BigIntegerField(default=0, verbose_name="序号"), preserve_default=False),
        migrations.AddField(model_name="auditlog", name="actor_name", field=models.CharField(blank=True, max_length=150, verbose_name="操作人")),
        migrations.AddField(model_name="auditlog", name="category", field=models.CharField(choices=[("data", "业务操作"), ("security", "安全事件")], default="data", max_length=10, verbose_name="类别")),
        migrations.AddField(model_name="auditlog", name="outcome", field=models.CharField(choices=[("success", "成功"), ("failure", "失败"), ("denied", "拒绝")], default="success", max_length=10, verbose_name="结果")),
        migrations.AddField(model_name="auditlog", name="source_ip", field=models.CharField(blank=True, max_length=45, verbose_name="来源地址")),
        migrations.AddField(model_name="auditlog", name="request", field=models.CharField(blank=True, max_length=300, verbose_name="请求")),
        migrations.AddField(model_name="auditlog", name="prev_hash", field=models.CharField(default="", max_length=64), preserve_default=False),
        migrations.AddField(model_name="auditlog", name="row_hash", field=models.CharField(default="", max_length=64), preserve_default=False),
        migrations.AlterField(model_name="auditlog", name="at", field=models.DateTimeField(db_index=True, verbose_name="时间")),
        migrations.AlterField(
            model_name="auditlog",
            name="actor",
            field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(chain_existing_rows, migrations.RunPython.noop),
        migrations.AlterField(model_name="auditlog", name="seq", field=models.BigIntegerField(unique=True, verbose_name="序号")),
        migrations.AddIndex(model_name="auditlog", index=models.Index(fields=["actor", "at"], name="core_auditl_actor_i_a107dc_idx")),
        migrations.RunPython(audit_guard.install, audit_guard.uninstall),
    ]
