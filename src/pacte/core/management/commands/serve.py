import os

from django.core.management.base import CommandError

from pacte.core.management.base import PacteCommand


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
            type=int,
            default=int(os.environ.get("PORT", "8000")),
            help="Port to listen on (default: $PORT, else 8000).",
        )
        parser.add_argument("--threads", type=int, default=8, help="Worker threads (default 8).")

    def handle(self, *args, host, port, threads, **options):
        if not 0 < port < 65536:
            raise CommandError(f"--port {port} is not a port number (1 to 65535).", returncode=2)
        from waitress import serve

        from pacte.wsgi import application

        self.stdout.write(f"Pacte is serving on http://{host}:{port}/  (Ctrl+C to stop)")
        try:
            serve(application, host=host, port=port, threads=threads, ident="Pacte", _quiet=True)
        except OSError as exc:
            raise CommandError(
                f"cannot listen on {host}:{port} ({exc.strerror}): choose another --port."
            ) from None
