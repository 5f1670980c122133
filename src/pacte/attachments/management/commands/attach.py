from pathlib import Path

from django.core.files import File
from django.core.management.base import CommandError

from pacte.attachments.models import Purpose
from pacte.attachments.registry import attachable_keys
from pacte.attachments.services import attachment_add
from pacte.kernel.management.base import PacteCommand
from pacte.kernel.models import Workspace
from pacte.kernel.tenancy import Actor


def _workspace(name: str | None) -> Workspace:
    if name:
        found = Workspace.objects.filter(name__iexact=name.strip()).first()
        if found is None:
            raise CommandError(f"there is no workspace “{name}”.", returncode=2)
        return found
    workspaces = list(Workspace.objects.order_by("name")[:2])
    if len(workspaces) != 1:
        raise CommandError("name the workspace with --workspace NAME.", returncode=2)
    return workspaces[0]


class Command(PacteCommand):
    help = "Attach a file to a record as evidence; its SHA-256 goes into the record's ledger."

    def add_arguments(self, parser):
        parser.add_argument(
            "kind", metavar="KIND", help="The kind of record: " + ", ".join(attachable_keys())
        )
        parser.add_argument("id", metavar="ID", type=int, help="The record's id.")
        parser.add_argument("path", metavar="PATH", type=Path, help="The file to attach.")
        parser.add_argument(
            "--workspace", metavar="NAME", help="Needed when there are several workspaces."
        )
        parser.add_argument("--purpose", default=Purpose.EVIDENCE, choices=Purpose.values)

    def handle(self, *args, kind, id, path, workspace, purpose, **options):
        if not path.is_file():
            raise CommandError(f"{path} is not a file.", returncode=2)
        actor = Actor.system(_workspace(workspace))
        with path.open("rb") as handle:
            attachment = attachment_add(
                actor=actor,
                subject_kind=kind,
                subject_id=id,
                upload=File(handle, name=path.name),
                purpose=purpose,
            )
        self.stdout.write(
            f"attached {attachment.name} as #{attachment.pk} "
            f"({attachment.size} bytes, sha256 {attachment.sha256})"
        )
