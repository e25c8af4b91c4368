"""The one way a stored attachment leaves the server: a download, checked against its owner."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest

from dangjian.core.audit import audit
from dangjian.documents.files import KINDS
from dangjian.documents.selectors import access_attachment

# Even a browser that sniffed the content could run nothing from a download.
SANDBOX = "default-src 'none'; sandbox"


@login_required
def download(request: HttpRequest, attachment_id: int) -> FileResponse:
    """The file as a download (never shown inline), under its cleaned name and the type its
    content was found to be; 404 for a missing attachment and one whose owner is unseen."""
    attachment = access_attachment(request.user, attachment_id)
    try:
        stream = default_storage.open(str(attachment.file.name), "rb")
    except FileNotFoundError:
        raise Http404("附件文件已不存在，请联系系统管理员") from None
    audit(actor=request.user, action="attachment.download", obj=attachment,
          detail=f"{attachment.owner_kind}#{attachment.owner_id}：{attachment.name}")  # fmt: skip
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=attachment.name,
        content_type=KINDS[attachment.kind].content_type,
    )
    response["Content-Security-Policy"] = SANDBOX
    response["X-Content-Type-Options"] = "nosniff"
    return response
