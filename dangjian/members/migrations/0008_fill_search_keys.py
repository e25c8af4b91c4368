"""Members on file become findable as new ones are: every common pinyin reading of the name
(``MemberNameKey``), the last 4 and 6 characters of the ID number (keyed hashes), and the phone
number in its canonical form ("0531 88123456" stored as "0531-88123456", with the hash of that).

The ID and phone numbers are decrypted here with the deployment's personal-data key, as every
process that reads them does; a database without members needs no key. A stored phone number
that the new reading refuses is left as it is (its record shows it when next edited).
"""

from django.db import migrations

_CHUNK = 2000


def fill(apps, schema_editor):
    from dangjian.core import crypto
    from dangjian.members.pinyin import name_search_keys
    from dangjian.rules.idcard import normalize_id_number
    from dangjian.rules.numbers import PhoneError, normalize_phone

    Member = apps.get_model("members", "Member")
    MemberNameKey = apps.get_model("members", "MemberNameKey")
    MemberNameKey.objects.all().delete()
    columns = ["id_tail4_hash", "id_tail6_hash", "phone", "phone_hash"]
    changed, keys = [], []
    rows = Member.objects.only("pk", "name", "id_number", "phone").order_by("pk")
    for member in rows.iterator(chunk_size=_CHUNK):
        if member.id_number:
            tails = crypto.id_tail_hashes(normalize_id_number(member.id_number))
            member.id_tail4_hash, member.id_tail6_hash = tails
        if member.phone:
            try:
                member.phone = normalize_phone(member.phone)
            except PhoneError:
                pass  # kept as stored: refused only when the record is next saved
            member.phone_hash = crypto.lookup_hash(member.phone)
        changed.append(member)
        keys.extend(MemberNameKey(member_id=member.pk, key=k) for k in name_search_keys(member.name))
        if len(changed) >= _CHUNK:
            Member.objects.bulk_update(changed, columns)
            MemberNameKey.objects.bulk_create(keys)
            changed, keys = [], []
    Member.objects.bulk_update(changed, columns)
    MemberNameKey.objects.bulk_create(keys)


class Migration(migrations.Migration):
    dependencies = [("members", "0007_search_keys_and_id_tails")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
