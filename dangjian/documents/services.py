"""Adding and removing attachments: bounded, typed by content, stored, audited, in scope.

Every door (a workflow's page, the API, an import) calls ``attachment_add``. The file is
measured before anything is read into memory, its kind is found from its content
(``files.detect_kind``), and it is stored through Django's storage API under a generated name
(``attachments/2026/06/<random>.pdf``). An actor of ``None`` is the platform itself.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from dangjian.core.actor import Actor
from dangjian.core.audit import audit
from dangjian.core.errors import InvalidInput
from dangjian.core.text import TextError, TextKind, clean_text
from dangjian.documents.files import FileKind, RefusedFile, detect_kind, safe_name
from dangjian.documents.models import Attachment
from dangjian.documents.owners import OwnerKind, owner_kind

NOT_FOUND = "未找到该记录"
NOT_YOURS = "无权为该记录添加或删除附件"
_CHUNK = 1024 * 1024


def _owner(actor: Actor, code: str, owner_id: int) -> OwnerKind:
    """The owner's kind once ``actor`` may attach to it: 404 when unseen, 403 when only seen."""
    kind = owner_kind(code)
    if kind is None:
        raise InvalidInput.one("owner_kind", f"附件不能属于“{code}”类型的记录")
    if actor is None:
        if not kind.exists(owner_id):
            raise Http404(NOT_FOUND)
        return kind
    if not kind.may_see(actor, owner_id):
        raise Http404(NOT_FOUND)
    if not kind.may_attach(actor, owner_id):
        raise PermissionDenied(NOT_YOURS)
    return kind


def _measured(upload: IO[bytes]) -> int:
    """The size in bytes, refused when empty or over ``settings.ATTACHMENT_MAX_MB``."""
    size = upload.seek(0, 2)
    upload.seek(0)
    limit = settings.ATTACHMENT_MAX_MB * 1024 * 1024
    if size == 0:
        raise InvalidInput.one("file", "文件是空的")
    if size > limit:
        raise InvalidInput.one(
            "file",
            f"附件不能超过{settings.ATTACHMENT_MAX_MB}MB，该文件为{size / 1024 / 1024:.1f}MB",
        )
    return size


def _kind_of(upload: IO[bytes]) -> FileKind:
    try:
        return detect_kind(upload)
    except RefusedFile as refused:
        raise InvalidInput.one("file", str(refused)) from None


def _digest(upload: IO[bytes]) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    while chunk := upload.read(_CHUNK):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _user(actor: Actor) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def attachment_add(
    *, actor: Actor, owner_kind: str, owner_id: int, upload: IO[bytes], name: str
) -> Attachment:
    """Store ``upload`` (a seekable binary file) as an attachment of the owner.

    ``InvalidInput`` (field "file") for an empty, oversized or unaccepted file; nothing is
    stored then. A file stored while the record cannot be written is deleted again.
    """
    kind = _owner(actor, owner_kind, owner_id)
    size = _measured(upload)
    file_kind = _kind_of(upload)
    offered = safe_name(name, file_kind)
    stored = default_storage.save(_storage_name(file_kind), File(upload))
    try:
        with transaction.atomic():
            attachment = Attachment.objects.create(
                owner_kind=kind.code, owner_id=owner_id, file=stored, name=offered,
                kind=file_kind.code, size=size, sha256=_digest(upload), uploaded_by=_user(actor),
            )  # fmt: skip
            audit(actor=actor, action="attachment.add", obj=attachment,
                  after={"owner": f"{kind.code}#{owner_id}", "name": offered, "size": size},
                  detail=f"{kind.label}#{owner_id}：{offered}")  # fmt: skip
    except BaseException:
        default_storage.delete(stored)
        raise
    return attachment


def _storage_name(kind: FileKind) -> str:
    """A name nobody chose: the month's folder and a random one (uploads never name a path)."""
    return f"attachments/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{kind.extension}"


@transaction.atomic
def attachment_remove(*, actor: Actor, attachment_id: int, reason: str) -> None:
    """Remove an attachment with the reason; the stored file goes once the removal commits."""
    attachment = Attachment.objects.select_for_update().filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404(NOT_FOUND)
    _owner(actor, attachment.owner_kind, attachment.owner_id)
    try:
        why = clean_text(reason, TextKind.TEXT)
    except TextError as error:
        raise InvalidInput.one("reason", f"删除原因{error}") from None
    if not why:
        raise InvalidInput.one("reason", "请填写删除原因")
    audit(actor=actor, action="attachment.remove", obj=attachment, detail=why[:300],
          before={"owner": f"{attachment.owner_kind}#{attachment.owner_id}",
                  "name": attachment.name, "sha256": attachment.sha256})  # fmt: skip
    stored = str(attachment.file.name)
    attachment.delete()
    transaction.on_commit(lambda: default_storage.delete(stored))
