"""Attachments: typed by content, bounded, named safely, stored through the storage API, and
served only to those who may see the owner, as downloads."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import Client
from docx import Document
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks, Settings

from dangjian.core.errors import InvalidInput
from dangjian.core.models import AuditLog
from dangjian.documents.excel import table_xlsx
from dangjian.documents.files import DOCX, PDF, XLSX, safe_name
from dangjian.documents.models import Attachment
from dangjian.documents.selectors import owner_attachments
from dangjian.documents.services import attachment_add, attachment_remove
from dangjian.members.models import Member

PDF_BYTES = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def media(settings: Settings, tmp_path: Path) -> Path:
    """A media folder of the test's own, through the storage API's setting."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def _docx() -> bytes:
    out = io.BytesIO()
    document = Document()
    document.add_paragraph("支部委员会会议记录")
    document.save(out)
    return out.getvalue()


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _add(actor: User | None, member: Member, data: bytes, name: str = "扫描件.pdf") -> Attachment:
    return attachment_add(
        actor=actor, owner_kind="member", owner_id=member.pk, upload=io.BytesIO(data), name=name
    )


def _name(attachment: Attachment) -> str:
    """Where the storage keeps the file."""
    return str(attachment.file.name)


def _stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()]


def test_a_pdf_is_stored_under_a_generated_name_and_audited(
    secretary_a: User, member_a: Member, media: Path
) -> None:
    attachment = _add(secretary_a, member_a, PDF_BYTES, "入党申请书.pdf")
    assert (attachment.kind, attachment.name, attachment.size) == (
        "pdf",
        "入党申请书.pdf",
        len(PDF_BYTES),
    )
    assert _name(attachment).startswith("attachments/") and "入党" not in _name(attachment)
    assert default_storage.open(_name(attachment)).read() == PDF_BYTES
    assert _stored_files(media) == [media / _name(attachment)]
    row = AuditLog.objects.get(action="attachment.add")
    assert row.actor_id == secretary_a.pk and "入党申请书.pdf" in row.detail


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (JPEG_BYTES, "jpeg"),
        (PNG_BYTES, "png"),
        (_docx(), DOCX.code),
        (table_xlsx("名单", ["姓名"], [["张三"]]), XLSX.code),
    ],
)
def test_each_accepted_kind_is_found_by_its_content(
    member_a: Member, data: bytes, kind: str
) -> None:
    attachment = _add(None, member_a, data, "文件.bin")
    assert attachment.kind == kind and attachment.name.endswith(_name(attachment)[-4:].lstrip("."))


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"<html><script>alert(1)</script></html>", "扫描件.pdf"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "照片.png"),
        (b"GIF89a" + b"\x00" * 20, "照片.gif"),
        (_zip({"readme.txt": b"x"}), "资料.docx"),
        (b"PK\x03\x04 truncated, not a zip", "表格.xlsx"),
        (b"MZ\x90\x00", "工具.exe"),
    ],
)
def test_other_content_is_refused_whatever_its_name(
    member_a: Member, media: Path, data: bytes, name: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        _add(None, member_a, data, name)
    assert "file" in refused.value.errors
    assert not Attachment.objects.exists() and _stored_files(media) == []


def test_empty_and_oversized_files_are_refused_before_storing(
    settings: Settings, member_a: Member, media: Path
) -> None:
    settings.ATTACHMENT_MAX_MB = 1
    with pytest.raises(InvalidInput, match="文件是空的"):
        _add(None, member_a, b"")
    with pytest.raises(InvalidInput, match="附件不能超过1MB"):
        _add(None, member_a, PDF_BYTES + b"\x00" * (1024 * 1024))
    _add(None, member_a, PDF_BYTES + b"\x00" * (1024 * 1024 - len(PDF_BYTES)))  # exactly 1 MB
    assert Attachment.objects.count() == 1 and len(_stored_files(media)) == 1


@pytest.mark.parametrize(
    ("uploaded", "offered"),
    [
        ("../../etc/报告<1>.html", "报告_1.pdf"),
        ("C:\\Users\\张三\\扫描件.PDF", "扫描件.pdf"),
        ("申请\u202etxt.exe", "申请txt.pdf"),
        ("", "附件.pdf"),
        ("...", "附件.pdf"),
        ("长" * 300 + ".pdf", "长" * 96 + ".pdf"),
    ],
)
def test_names_are_cleaned_and_take_the_extension_of_the_content(
    uploaded: str, offered: str
) -> None:
    assert safe_name(uploaded, PDF) == offered


def test_another_branch_cannot_attach_and_is_answered_as_for_nothing(
    secretary_b: User, member_a: Member, media: Path
) -> None:
    with pytest.raises(Http404):
        _add(secretary_b, member_a, PDF_BYTES)
    assert _stored_files(media) == []


def test_a_member_sees_but_does_not_add_to_their_archive(
    member_a_user: User, member_a: Member
) -> None:
    with pytest.raises(PermissionDenied):
        _add(member_a_user, member_a, PDF_BYTES)


def test_an_unknown_owner_kind_is_refused(member_a: Member) -> None:
    with pytest.raises(InvalidInput) as refused:
        attachment_add(
            actor=None, owner_kind="user", owner_id=1, upload=io.BytesIO(PDF_BYTES), name="x"
        )
    assert "owner_kind" in refused.value.errors


def test_a_secretary_keeps_papers_of_their_branch(
    secretary_a: User, secretary_b: User, enterprise: SimpleNamespace
) -> None:
    attachment_add(actor=secretary_a, owner_kind="organization", owner_id=enterprise.branch_a.pk,
                   upload=io.BytesIO(PDF_BYTES), name="换届请示.pdf")  # fmt: skip
    assert owner_attachments(secretary_a, "organization", enterprise.branch_a.pk).count() == 1
    assert owner_attachments(secretary_b, "organization", enterprise.branch_a.pk).count() == 0


def _url(attachment: Attachment) -> str:
    return f"/documents/attachments/{attachment.pk}/"


def test_the_download_is_an_attachment_with_the_cleaned_name(
    client: Client, secretary_a: User, member_a: Member
) -> None:
    attachment = _add(None, member_a, PDF_BYTES, "政审材料.pdf")
    client.force_login(secretary_a)
    response = client.get(_url(attachment))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "%E6%94%BF%E5%AE%A1%E6%9D%90%E6%96%99.pdf" in response["Content-Disposition"]
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES  # type: ignore[attr-defined]
    assert AuditLog.objects.filter(action="attachment.download", actor_id=secretary_a.pk).exists()


def test_the_member_downloads_from_their_own_record(
    client: Client, member_a_user: User, member_a: Member
) -> None:
    attachment = _add(None, member_a, PNG_BYTES, "照片.png")
    client.force_login(member_a_user)
    response = client.get(_url(attachment))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


def test_outside_the_scope_a_download_is_a_404_like_a_missing_one(
    client: Client, secretary_b: User, member_a: Member
) -> None:
    attachment = _add(None, member_a, PDF_BYTES)
    client.force_login(secretary_b)
    assert client.get(_url(attachment)).status_code == 404
    assert client.get("/documents/attachments/999999/").status_code == 404
    assert client.get("/documents/attachments/99999999999999999999/").status_code == 404


def test_an_anonymous_download_goes_to_the_login(client: Client, member_a: Member) -> None:
    attachment = _add(None, member_a, PDF_BYTES)
    response = client.get(_url(attachment))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_lost_file_is_a_404_not_an_error(
    client: Client, secretary_a: User, member_a: Member, media: Path
) -> None:
    attachment = _add(None, member_a, PDF_BYTES)
    (media / _name(attachment)).unlink()
    client.force_login(secretary_a)
    assert client.get(_url(attachment)).status_code == 404


def test_removal_needs_a_reason_and_deletes_the_file_after_commit(
    secretary_a: User,
    member_a: Member,
    media: Path,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    attachment = _add(secretary_a, member_a, PDF_BYTES)
    with pytest.raises(InvalidInput):
        attachment_remove(actor=secretary_a, attachment_id=attachment.pk, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        attachment_remove(actor=secretary_a, attachment_id=attachment.pk, reason="上传错了文件")
    assert not Attachment.objects.exists() and _stored_files(media) == []
    assert AuditLog.objects.get(action="attachment.remove").detail == "上传错了文件"


def test_a_file_stored_for_a_record_that_could_not_be_written_is_deleted(
    member_a: Member, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing half-written: the audit row fails after the file was stored."""

    def refuse(**kwargs: object) -> None:
        raise RuntimeError("审计日志不可写")

    monkeypatch.setattr("dangjian.documents.services.audit", refuse)
    with pytest.raises(RuntimeError):
        _add(None, member_a, PDF_BYTES)
    assert not Attachment.objects.exists() and _stored_files(media) == []


def test_an_upload_as_django_hands_it_over_is_taken(secretary_a: User, member_a: Member) -> None:
    upload = SimpleUploadedFile("会议照片.jpg", JPEG_BYTES, content_type="text/html")
    attachment = attachment_add(
        actor=secretary_a, owner_kind="member", owner_id=member_a.pk, upload=upload,
        name=str(upload.name),
    )  # fmt: skip
    assert (attachment.kind, attachment.name) == (
        "jpeg",
        "会议照片.jpg",
    )  # the browser's word ignored
