"""Questions and answers the assistant logged before masking existed: ID and phone numbers masked."""

from django.db import migrations


def mask_exchanges(apps, schema_editor):
    from dangjian.core.masking import mask_text

    Exchange = apps.get_model("assistant", "Exchange")
    for exchange in Exchange.objects.only("pk", "question", "answer").iterator(chunk_size=2000):
        question, answer = mask_text(exchange.question), mask_text(exchange.answer)
        if (question, answer) != (exchange.question, exchange.answer):
            exchange.question, exchange.answer = question, answer
            exchange.save(update_fields=["question", "answer"])


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0002_audit_chain"),
        ("assistant", "0001_initial"),
    ]

    operations = [migrations.RunPython(mask_exchanges, migrations.RunPython.noop)]
