import errno
import os

from django.core.management.base import CommandError
from django.core.wsgi import get_wsgi_application
from waitress import create_server

from pacte.kernel.management.base import PacteCommand


class Command(PacteCommand):
    help = "Serve Pacte (web app, API, portal) with a production-grade WSGI server."

    def add_arguments(self, parser):
        parser.add_argument(
            "--host",
            default=os.environ.get("HOST", "127.0.0.1"),
            help="Address to listen on (default 127.0.0.1; 0.0.0.0 for all).",
        )
        parser.add_argument(
            "--port",
            default=None,
            help="Port to listen on (default: $PORT, else 8000).",
        )
        parser.add_argument("--threads", type=int, default=8, help="Worker threads (default 8).")

    def handle(self, *args, host, port, threads, **options):
        given = f"--port {port}"
        if port is None:
            port = os.environ.get("PORT") or "8000"
            given = f"PORT={port}"
        try:
            port = int(port)
        except ValueError:
            port = 0
        if not 0 < port < 65536:
            raise CommandError(f"{given} is not a port number (1 to 65535).", returncode=2)
        if threads < 1:
            raise CommandError(f"--threads {threads} must be at least 1.", returncode=2)
        application = get_wsgi_application()
        try:
            server = create_server(
                application, host=host, port=port, threads=threads, ident="Pacte"
            )
        except ValueError:  # waitress: a --host that does not resolve
            raise CommandError(
                f"cannot listen on {host}: --host must be an address of this machine.",
                returncode=2,
            ) from None
        except OSError as exc:
            # Bound first, announced after: no "serving on" line for a port that is taken.
            advice = (
                "choose another --port"
                if exc.errno == errno.EADDRINUSE
                else "check --host and --port"
            )
            raise CommandError(
                f"cannot listen on {host}:{port} ({exc.strerror or exc}): {advice}."
            ) from None
        self.stdout.write(f"Pacte is serving on http://{host}:{port}/  (Ctrl+C to stop)")
        self.stdout.flush()
        server.run()
