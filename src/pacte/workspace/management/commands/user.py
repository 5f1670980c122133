from django.core.management.base import CommandError

from pacte.kernel.errors import InvalidInput
from pacte.kernel.management.base import PacteCommand
from pacte.kernel.models import User, Workspace
from pacte.kernel.permissions import Role
from pacte.kernel.tenancy import Actor
from pacte.workspace.services import member_add, workspace_create


class Command(PacteCommand):
    help = "Manage users. `pacte user create EMAIL --workspace NAME --role ROLE --password-stdin`."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = actions.add_parser(
            "create",
            help="Add a person to a workspace, creating the workspace when it does not exist.",
            description="Add a person to a workspace. A workspace that does not exist yet is "
            "created, with this person as its owner.",
        )
        create.add_argument("email", metavar="EMAIL")
        create.add_argument("--workspace", required=True, metavar="NAME")
        create.add_argument("--role", required=True, choices=Role.values)
        create.add_argument("--name", default="", help="The person's full name.")
        create.add_argument(
            "--password-stdin",
            action="store_true",
            help="Read the password from standard input (one line).",
        )

    def handle(self, *args, action, **options):
        if action == "create":
            self.create(**options)

    def create(self, *, email, workspace, role, name, password_stdin, **options):
        # Refuse what can be refused before asking for the password.
        existing = Workspace.objects.filter(name__iexact=workspace.strip()).first()
        if existing is None and role != Role.OWNER:
            raise CommandError(
                f"there is no workspace “{workspace}”; a new workspace starts with its "
                "owner: use --role owner.",
                returncode=2,
            )
        password = self.read_password(password_stdin)
        had_account = User.objects.filter(email__iexact=email.strip()).exists()
        try:
            if existing is None:
                created = workspace_create(
                    name=workspace, owner_email=email, owner_password=password, owner_name=name
                )
                self.stdout.write(f"Created workspace “{created.name}” with {email} as owner.")
                return
            member = member_add(
                actor=Actor.system(existing),
                email=email,
                role=role,
                password=password,
                full_name=name,
            )
        except InvalidInput as exc:
            if "password" in exc.fields:
                raise CommandError(
                    f"password refused, nothing was done: {exc.detail}", returncode=2
                ) from None
            raise
        self.stdout.write(f"Added {member.user.email} to “{existing.name}” as {member.role}.")
        if had_account:
            self.stdout.write("This person already had an account: their password is unchanged.")
