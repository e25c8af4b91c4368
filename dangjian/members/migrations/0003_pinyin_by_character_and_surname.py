"""Recompute the stored pinyin keys: names are now read by character, surnames as surnames."""

from django.db import migrations


def recompute(apps, schema_editor):
    from dangjian.members.pinyin import pinyin_keys

    Member = apps.get_model("members", "Member")
    changed = []
    rows = Member.objects.values_list("pk", "name", "name_pinyin", "name_initials")
    for pk, name, old_pinyin, old_initials in rows.iterator(chunk_size=5000):
        keys = pinyin_keys(name)
        if keys != (old_pinyin, old_initials):
            changed.append(Member(pk=pk, name_pinyin=keys[0], name_initials=keys[1]))
        if len(changed) >= 2000:
            Member.objects.bulk_update(changed, ["name_pinyin", "name_initials"])
            changed = []
    Member.objects.bulk_update(changed, ["name_pinyin", "name_initials"])


class Migration(migrations.Migration):
    dependencies = [("members", "0002_drop_indexes_covered_by_composites")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
