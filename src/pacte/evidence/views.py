import tempfile

from django.http import FileResponse
from django.utils.text import slugify

from pacte.clients.selectors import client_get
from pacte.kernel.permissions import Perm
from pacte.kernel.web import member_view

from .services import evidence_pack

# The pack is built in a temporary file that spills to disk past this size: a workspace of a
# million entries makes a pack of tens of megabytes, never held in memory.
IN_MEMORY_BYTES = 8 * 1024 * 1024


@member_view(Perm.EVIDENCE_EXPORT)
def evidence_download(request, client_id: int):
    """The client's evidence pack, as a zip (owners and managers)."""
    client = client_get(actor=request.actor, client_id=client_id)
    spool = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY_BYTES)  # noqa: SIM115
    manifest = evidence_pack(actor=request.actor, client_id=client.pk, out=spool)
    spool.seek(0)
    name = f"evidence-{slugify(client.name) or client.pk}-{manifest['made_at'][:10]}.zip"
    return FileResponse(spool, as_attachment=True, filename=name, content_type="application/zip")
