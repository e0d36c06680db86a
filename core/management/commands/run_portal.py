"""`manage.py run_portal`: everything `make run` needs, in one foreground command.

Migrates, collects static files when they changed, loads the demo portfolio
(idempotent), then runs gunicorn, two Celery workers (the second renders audit packs
only) and Celery beat as child
processes until Ctrl-C or SIGTERM, and stops them all cleanly. The embedded
PostgreSQL and Redis (started by settings when DATABASE_URL / REDIS_URL are
unset) stop when this process exits, unless another process still uses them.

gunicorn rather than runserver: it is the server production runs
(docker-compose.yml), it serves several requests at once on both cores (a PDF
export does not freeze the other pages), and it stops cleanly on SIGTERM.
`--reload` restarts it on code changes, as runserver would.
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from core.devserver import ShutdownSignals, Supervisor, collectstatic_if_changed, wait_for_http
from core.embedded import VAR_DIR
from core.signing import signing_pair_ensure

WEB_WORKERS = 2  # one per core of the reference machine
WEB_THREADS = 4
WORKER_MAX_TASKS = 100  # recycle the worker process now and then (PDF notifications)


class Command(BaseCommand):
    help = "Run the portal with its Celery workers and beat, on embedded or external services."
    requires_system_checks = []  # migrate runs the checks itself

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--host",
            default=os.environ.get("HOST", "127.0.0.1"),
            help="Address to listen on (default 127.0.0.1; the demo logins are public).",
        )
        parser.add_argument("--no-demo", action="store_true", help="Do not load the demo data.")
        parser.add_argument("--reload", action="store_true", help="Restart web on code changes.")

    def handle(self, *args, **opts):
        supervisor, signals = Supervisor(out=self.stdout), ShutdownSignals()
        # One try from the first signal handler to the last child: a signal that lands
        # between set-up, starting the children and watching them is still caught here.
        try:
            signals.install()
            listening = self.listen(opts)
            self.prepare(opts)
            exited = self.serve(supervisor, opts, listening)
            signals.stop_raising()
        except KeyboardInterrupt:
            exited = None
        code = self.shut_down(supervisor, signals, exited)
        if code:
            sys.exit(code)

    def listen(self, opts) -> socket.socket:
        """Take the port before anything else. Busy, it is refused now, not after set-up
        and gunicorn's retries; held, the readiness probe cannot reach another server."""
        host = opts["host"].strip("[]")
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        try:
            return socket.create_server((host, opts["port"]), family=family)
        except OSError as error:
            raise CommandError(
                f"Cannot listen on {opts['host']}:{opts['port']}: {error.strerror}. "
                "Is the portal already running? Another port: PORT=8123 make run"
            ) from error

    def prepare(self, opts) -> None:
        self.stdout.write(f"Database: {_describe(os.environ.get('DATABASE_URL', ''))}")
        self.stdout.write(f"Redis:    {_describe(os.environ.get('REDIS_URL', ''))}")
        call_command("migrate", interactive=False, verbosity=1)
        collected = collectstatic_if_changed(
            VAR_DIR / "static.fingerprint",
            lambda: call_command("collectstatic", interactive=False, verbosity=0),
        )
        self.stdout.write("Static files collected." if collected else "Static files unchanged.")
        self.ensure_signing_pair()
        if not opts["no_demo"]:
            call_command("load_demo", stdout=self.stdout)
        connections.close_all()  # the children open their own

    def ensure_signing_pair(self) -> None:
        """The first run on this machine gets a self-signed pair to sign audit packs with;
        production names its own files (PACK_SIGNING_KEY / PACK_SIGNING_CERT)."""
        key, cert = settings.PACK_SIGNING_KEY, settings.PACK_SIGNING_CERT
        if signing_pair_ensure(key_path=key, cert_path=cert, organisation=settings.PORTAL_NAME):
            self.stdout.write(
                f"Generated a self-signed signing pair under {_shown(key.parent)}/ for audit "
                f"packs ({key.name}, {cert.name}); production names its own files."
            )

    def serve(self, supervisor: Supervisor, opts, listening: socket.socket) -> tuple[str, int]:
        """Start the children (gunicorn on the socket we hold), say when the portal
        answers; return the first child to exit."""
        port = listening.getsockname()[1]
        with listening:  # closes our copy: gunicorn has its own
            fd = listening.fileno()
            for name, argv in self.children(opts, bind=f"fd://{fd}").items():
                supervisor.start(name, argv, pass_fds=(fd,) if name == "web" else ())
        if wait_for_http(f"http://127.0.0.1:{port}/healthz?ready=web", supervisor):
            url = f"http://localhost:{port}"
            self.stdout.write(self.style.SUCCESS(f"\nThe portal is ready: {url}"))
            self.stdout.write("Press Ctrl-C to stop the web server, workers and beat.\n")
        return supervisor.watch()

    def shut_down(self, supervisor: Supervisor, signals: ShutdownSignals, exited) -> int:
        """Stop every child; the exit code: 0 when asked to stop, else the dead child's."""
        if exited is None and not supervisor.children:
            self.stderr.write("Interrupted during set-up.")
            return 130
        if exited is None:
            self.stdout.write("\nStopping the web server, workers and beat ...")
            supervisor.stop_all(give_up=signals.interrupted_again)
            self.stdout.write("Stopped.")
            return 0
        name, code = exited
        self.stderr.write(f"The {name} process exited with code {code}; stopping the others.")
        supervisor.stop_all(give_up=signals.interrupted_again)
        return 128 - code if code < 0 else code or 1  # killed by signal N: 128 + N, as shells say

    def children(self, opts, bind: str) -> dict[str, list[str]]:
        """The command lines of web (gunicorn bound to `bind`), the workers and beat."""
        python = sys.executable
        web = [
            python,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            bind,
            f"--workers={WEB_WORKERS}",
            f"--threads={WEB_THREADS}",
            "--timeout=120",
            "--graceful-timeout=15",
            # The access log, with questionnaire tokens redacted, as production writes it.
            "--config=python:config.gunicorn",
        ]
        if opts["reload"]:
            web.append("--reload")
        celery = [python, "-m", "celery", "-A", "config"]
        worker = celery + [
            "worker",
            "--concurrency=1",
            f"--max-tasks-per-child={WORKER_MAX_TASKS}",
            f"--queues={settings.CELERY_TASK_DEFAULT_QUEUE}",
            "--hostname=worker@%h",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
        ]
        # Audit packs render in a worker of their own: a render takes seconds to minutes
        # and hundreds of MB, so it must not hold up the clocks' sweep and e-mails on the
        # worker above; one render at a time; and the child process is replaced after
        # every render (--max-tasks-per-child=1), so WeasyPrint's memory goes back to the
        # system and one pack's state never leaks into the next. The task's time limit
        # (PACK_RENDER_TIME_LIMIT) kills a render that runs over; the sweep fails it.
        exports = celery + [
            "worker",
            "--concurrency=1",
            "--max-tasks-per-child=1",
            f"--queues={settings.PACK_EXPORT_QUEUE}",
            "--hostname=exports@%h",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
        ]
        beat = celery + [
            "beat",
            f"--schedule={VAR_DIR / 'celerybeat-schedule'}",
            "--loglevel=INFO",
        ]
        return {"web": web, "worker": worker, "exports": exports, "beat": beat}


def _describe(url: str) -> str:
    """Where a service is, without any password in the URL."""
    if "@" in url:
        scheme, _, rest = url.partition("://")
        url = f"{scheme}://…@{rest.split('@', 1)[1]}"
    embedded = str(VAR_DIR) in url
    return f"{url} ({'embedded, data under var/' if embedded else 'external'})"


def _shown(folder) -> str:
    """A folder relative to the project when it is inside it (var/signing)."""
    try:
        return str(folder.resolve().relative_to(Path(settings.BASE_DIR).resolve()))
    except ValueError:
        return str(folder)
