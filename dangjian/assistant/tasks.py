"""Jobs of the knowledge base. Thin: claim the work, call the service; safe to run twice."""

from __future__ import annotations

from celery import shared_task

from dangjian.assistant.indexing import document_index
from dangjian.assistant.models import Document, IndexStatus


@shared_task(name="assistant.index_document")
def index_document(document_id: int) -> str:
    if not Document.objects.filter(pk=document_id).exists():
        return "deleted"
    return document_index(document_id=document_id).status


@shared_task(name="assistant.index_pending")
def index_pending() -> int:
    """Catch up on documents whose job was lost (a worker restart): runs on the beat."""
    pending = list(Document.objects.filter(status=IndexStatus.PENDING).values_list("pk", flat=True))
    for pk in pending:
        document_index(document_id=pk)
    return len(pending)
