"""Jobs of the knowledge base. Thin: claim the work, call the service; safe to run twice."""

from __future__ import annotations

from celery import shared_task

from dangjian.assistant.indexing import document_index
from dangjian.assistant.models import Document, IndexStatus
from dangjian.jobs.runs import SCHEDULED, job_run

INDEX_PENDING = "assistant.index_pending"


@shared_task(name="assistant.index_document")
def index_document(document_id: int) -> str:
    if not Document.objects.filter(pk=document_id).exists():
        return "deleted"
    return document_index(document_id=document_id).status


@shared_task(name=INDEX_PENDING)
def index_pending(triggered_by: str = SCHEDULED, period: str = "", force: bool = False) -> int:
    """Catch up on documents whose job was lost (a worker restart): runs on the beat, recorded
    when it found documents to index."""
    with job_run(INDEX_PENDING, triggered_by=triggered_by, quiet=True) as run:
        if run.already_done:
            return 0
        pending = list(
            Document.objects.filter(status=IndexStatus.PENDING).values_list("pk", flat=True)
        )
        for pk in pending:
            document = document_index(document_id=pk)
            if document.status == IndexStatus.FAILED:
                run.error(f"文档《{document.title}》", "索引失败")
        run.counts = {"changed": len(pending) - len(run.errors)}
    return len(pending)
