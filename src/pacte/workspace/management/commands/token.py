from django.core.management.base import CommandError

from pacte.kernel.management.base import PacteCommand
from pacte.kernel.models import User, Workspace
from pacte.kernel.selectors import actor_for_user, workspaces_of_user
from pacte.kernel.tenancy import Actor
from pacte.workspace.services import token_create


class Command(PacteCommand):
    help = "Issue API tokens. `pacte token create EMAIL` prints the token as its last word."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = actions.add_parser(
            "create",
            help="Issue a bearer token for a user.",
            description="Issue a bearer token for a user. The token is printed once, as the "
            "last word of the output; Pacte keeps only its SHA-256.",
        )
        create.add_argument("email", metavar="EMAIL")
        create.add_argument(
            "--workspace",
            metavar="NAME",
            help="Needed when the user belongs to several workspaces.",
        )
        create.add_argument("--name", default="command line", help="What the token is for.")

    def handle(self, *args, action, **options):
        if action == "create":
            self.create(**options)

    def create(self, *, email, workspace, name, **options):
        user = User.objects.filter(email=email.strip().lower()).first()
        if user is None:
            raise CommandError(f"no user has the address {email}.", returncode=2)
        workspace_id = None
        if workspace:
            found = Workspace.objects.filter(name__iexact=workspace.strip()).first()
            if found is None:
                raise CommandError(f"there is no workspace “{workspace}”.", returncode=2)
            workspace_id = found.pk
        elif len(workspaces_of_user(user)) > 1:
            names = ", ".join(w.name for w in workspaces_of_user(user))
            raise CommandError(
                f"{email} belongs to several workspaces ({names}): add --workspace NAME.",
                returncode=2,
            )
        holder = actor_for_user(user, workspace_id=workspace_id)
        if holder is None and not user.is_active:
            raise CommandError(f"{email} is deactivated: no token was issued.", returncode=2)
        if holder is None:
            raise CommandError(
                f"{email} belongs to no workspace and to no client portal: no token was issued.",
                returncode=2,
            )
        if workspace_id and holder.workspace.pk != workspace_id:
            raise CommandError(f"{email} has no access to “{workspace}”.", returncode=2)
        token, raw = token_create(actor=Actor.system(holder.workspace), user=user, name=name)
        self.stdout.write(
            f"Token “{token.name}” for {user.email} in {holder.workspace.name}: {raw}"
        )
