from pacte.demo import DEMO_WORKSPACE, demo_logins
from pacte.demo.loader import load_demo
from pacte.kernel.management.base import PacteCommand
from pacte.kernel.models import Workspace


class Command(PacteCommand):
    help = "Load the demo workspace “Atelier Lumière”, a French web agency, and print its logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only when the database has no workspace at all.",
        )

    def handle(self, *args, if_empty, **options):
        if if_empty and Workspace.objects.exists():
            self.stdout.write("The database already holds data: the demo was not loaded.")
            return
        if load_demo() is None:
            self.stdout.write(f"The demo workspace “{DEMO_WORKSPACE}” is already loaded.")
        else:
            self.stdout.write(f"Loaded the demo workspace “{DEMO_WORKSPACE}”.")
        self.stdout.write("Demo logins (email / password / role):")
        for email, password, role in demo_logins():
            self.stdout.write(f"  {email:<40} {password:<20} {role}")
