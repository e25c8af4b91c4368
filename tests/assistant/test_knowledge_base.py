"""The knowledge base: adding, indexing, scoping and deleting documents."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User

from dangjian.assistant.indexing import document_index
from dangjian.assistant.models import Chunk, Document, IndexStatus
from dangjian.assistant.selectors import search_index, visible_documents
from dangjian.assistant.services import document_add, document_delete
from dangjian.core.errors import InvalidInput
from tests.assistant.conftest import CORPUS, FAZHAN


def test_indexed_document_keeps_article_numbers(kb: tuple[Document, Document]) -> None:
    fazhan, _ = kb
    assert fazhan.status == IndexStatus.READY
    numbers = [
        n
        for n in fazhan.chunks.exclude(article_no=None)
        .values_list("article_no", flat=True)
        .distinct()
    ]
    assert numbers == list(range(1, 45))
    assert "".join(fazhan.chunks.values_list("text", flat=True)) == fazhan.text


def test_readding_unchanged_file_does_nothing(
    kb: tuple[Document, Document], enterprise: SimpleNamespace
) -> None:
    before = Chunk.objects.count()
    document, created = document_add(
        actor=None,
        filename=FAZHAN,
        content=(CORPUS / FAZHAN).read_bytes(),
        owner_id=enterprise.root.pk,
    )
    assert not created and document.pk == kb[0].pk
    assert Chunk.objects.count() == before


def test_indexing_twice_changes_nothing(kb: tuple[Document, Document]) -> None:
    fazhan, _ = kb
    ids = sorted(fazhan.chunks.values_list("text", flat=True))
    document_index(document_id=fazhan.pk)
    assert sorted(fazhan.chunks.values_list("text", flat=True)) == ids


def test_delete_removes_chunks(kb: tuple[Document, Document], sysadmin: User) -> None:
    fazhan, _ = kb
    document_delete(actor=sysadmin, document_id=fazhan.pk)
    assert not Chunk.objects.filter(document_id=fazhan.pk).exists()
    assert all(row.document_id != fazhan.pk for row in search_index().rows)


def test_unsupported_and_empty_files_are_rejected_in_chinese(
    enterprise: SimpleNamespace, sysadmin: User
) -> None:
    with pytest.raises(InvalidInput) as err:
        document_add(
            actor=sysadmin, filename="报表.xlsx", content=b"PK..", owner_id=enterprise.root.pk
        )
    assert "不支持的文件类型" in err.value.errors["file"][0]
    with pytest.raises(InvalidInput):
        document_add(actor=sysadmin, filename="空.txt", content=b"", owner_id=enterprise.root.pk)


def test_unreadable_pdf_is_marked_failed_not_crashing(
    enterprise: SimpleNamespace, sysadmin: User
) -> None:
    document, _ = document_add(
        actor=sysadmin,
        filename="坏文件.pdf",
        content=b"%PDF-1.4 not really",
        owner_id=enterprise.root.pk,
    )
    document = document_index(document_id=document.pk)
    assert document.status == IndexStatus.FAILED and document.error


def test_subtree_document_is_visible_only_inside_the_subtree(
    kb: tuple[Document, Document],
    secretary_a: User,
    secretary_b: User,
    org_admin_general: User,
    member_a_user: User,
) -> None:
    fazhan, dangfei = kb
    assert set(visible_documents(secretary_b)) == {fazhan, dangfei}
    assert set(visible_documents(secretary_a)) == {fazhan}
    assert set(visible_documents(member_a_user)) == {fazhan}
    assert set(visible_documents(org_admin_general)) == {fazhan, dangfei}  # manages branch B


def test_secretary_cannot_add_documents(enterprise: SimpleNamespace, secretary_a: User) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        document_add(
            actor=secretary_a,
            filename="a.txt",
            content="第一条　内容".encode(),
            owner_id=enterprise.branch_a.pk,
        )


@pytest.mark.django_db(transaction=True)
def test_indexing_runs_as_a_real_celery_job(enterprise: SimpleNamespace, sysadmin: User) -> None:
    """The upload queues a job on the configured broker; a real Celery worker indexes it."""
    import time

    from celery.contrib.testing.worker import start_worker

    from dangjian.celery import app

    app.conf.task_always_eager = False
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        document, _ = document_add(
            actor=sysadmin,
            filename="学习制度.md",
            content="# 学习制度\n\n第一条　每月学习一次。\n".encode(),
            owner_id=enterprise.root.pk,
        )
        deadline = time.monotonic() + 180  # a loaded machine: the worker starts slowly
        while (
            Document.objects.get(pk=document.pk).status != IndexStatus.READY
            and time.monotonic() < deadline
        ):
            time.sleep(0.2)
    assert Document.objects.get(pk=document.pk).status == IndexStatus.READY
    assert Document.objects.get(pk=document.pk).chunks.filter(article_no=1).exists()
