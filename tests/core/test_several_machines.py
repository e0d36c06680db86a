"""Several machines (issue 21, section 4): two web processes, two Celery workers and two
beats (one by mistake), all on the test's PostgreSQL and the one Redis, send every alert
exactly once, and nothing is lost.

Real processes with run_portal's own command lines (gunicorn, `celery worker`, `celery
beat`), each beat with a schedule file of its own as on its own host, the sweep every
2 seconds (CLOCK_SWEEP_SECONDS), e-mail written to files so every process's mail is
counted. A person signs in on one web process and reports an incident through the other
(the session is in the shared database); the incident's clocks start in that process."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
from collections import Counter
from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from django.conf import global_settings
from django.db import connection
from django.utils import timezone

from core.clocks import rules
from core.clocks.services import deadline_thresholds
from core.dates import user_zone
from core.devserver import Supervisor, wait_for_http
from core.management.commands.run_portal import Command as RunPortal
from core.models import Deadline, DeadlineAlert, Notification
from tests.conftest import queue_of_this_test
from tests.core.conftest import owners_clocks
from tests.core.test_evidence_settings import evidence_settings
from tests.factories import PASSWORD, AISystemFactory

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
SWEEP_SECONDS = 2
MAIL_SEPARATOR = b"\n" + b"-" * 79 + b"\n"  # Django's file backend, after each message


class Cluster:
    """The processes of two hosts, their logs, and the folder their e-mail goes to."""

    def __init__(self, tmp_path: Path, queue: str):
        self.logs, self.mail = tmp_path / "logs", tmp_path / "mail"
        self.logs.mkdir()
        self.mail.mkdir()
        self.supervisor = Supervisor(children={})
        self.urls: list[str] = []
        self.env = self._env(tmp_path, queue)

    def _env(self, tmp_path: Path, queue: str) -> dict[str, str]:
        database = urlsplit(os.environ["DATABASE_URL"])._replace(
            path=f"/{connection.settings_dict['NAME']}"
        )
        quiet = {"DEBUG", "PORTAL_BASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        return {k: v for k, v in os.environ.items() if k not in quiet} | {
            "DATABASE_URL": database.geturl(),
            "CELERY_TASK_DEFAULT_QUEUE": queue,  # what beats and webs enqueue; workers take
            "CLOCK_SWEEP_SECONDS": str(SWEEP_SECONDS),
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(self.mail),
            "EVIDENCE_ROOT": str(tmp_path / "evidence"),
            "PACK_ROOT": str(tmp_path / "packs"),
        }

    def start(self, name: str, argv: list[str], pass_fds: tuple[int, ...] = ()) -> None:
        with (self.logs / f"{name}.log").open("w") as out:
            self.supervisor.children[name] = subprocess.Popen(
                argv,
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                pass_fds=pass_fds,
                start_new_session=True,  # stop_all kills the whole group
            )

    def start_all(self) -> None:
        """Two webs on sockets held here (no port to guess), two workers, two beats."""
        for host in ("a", "b"):
            with socket.create_server(("127.0.0.1", 0)) as listening:
                fd = listening.fileno()
                argv = RunPortal().children({"reload": False}, bind=f"fd://{fd}")
                web = [a if a != "--workers=2" else "--workers=1" for a in argv["web"]]
                self.start(f"web-{host}", web, pass_fds=(fd,))
                self.urls.append(f"http://127.0.0.1:{listening.getsockname()[1]}")
            self.start(f"worker-{host}", [*argv["worker"], f"--hostname=worker-{host}@%h"])
            beat = [a for a in argv["beat"] if not a.startswith("--schedule=")]
            self.start(f"beat-{host}", [*beat, f"--schedule={self.logs / f'beat-{host}'}"])
        for url in self.urls:  # the web's own checks: workers and beats are still starting
            ready = wait_for_http(f"{url}/healthz?ready=web", self.supervisor, timeout=60)
            assert ready, self.report()

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")

    def report(self) -> str:
        """Every process's exit code and the end of its log, for a failure message."""
        parts = []
        for name, proc in self.supervisor.children.items():
            parts.append(f"--- {name} (exit {proc.poll()}) ---\n{self.log(name)[-3000:]}")
        return "\n".join(parts)

    def mails(self) -> list:
        messages = []
        for path in sorted(self.mail.iterdir()):
            for raw in path.read_bytes().split(MAIL_SEPARATOR):
                if raw.strip():
                    messages.append(message_from_bytes(raw, policy=policy.default))
        return messages


@pytest.fixture
def cluster(transactional_db, tmp_path, settings):
    with queue_of_this_test("test-hosts") as queue:
        settings.CELERY_TASK_DEFAULT_QUEUE = queue  # run_portal's worker takes this queue
        hosts = Cluster(tmp_path, queue)
        try:
            yield hosts
        finally:
            hosts.supervisor.stop_all(timeout=15)  # before the flush: no open connection


def wait_for(condition, cluster: Cluster, what: str, timeout: float = 40.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        exited = cluster.supervisor.first_exited()
        assert exited is None, f"{exited[0]} exited:\n{cluster.report()}"
        assert time.monotonic() < end, f"timed out waiting for {what}:\n{cluster.report()}"
        time.sleep(0.25)


def loopback() -> requests.Session:
    browser = requests.Session()
    browser.trust_env = False  # loopback only, never a proxy
    return browser


def sign_in(url: str, email: str) -> requests.Session:
    """The login page, as a browser fills it in (the CSRF cookie and the form's token)."""
    browser = loopback()
    browser.get(f"{url}/accounts/login/", timeout=20).raise_for_status()
    form = {"login": email, "password": PASSWORD, "csrfmiddlewaretoken": csrf(browser)}
    response = browser.post(f"{url}/accounts/login/", form, allow_redirects=False, timeout=20)
    assert response.status_code == 302, response.text[:2000]
    return browser


def csrf(browser: requests.Session) -> str:
    return browser.cookies["csrftoken"]


def report_incident(browser: requests.Session, url: str, reporter) -> str:
    """A breach learned of five days ago and serious for twenty: every clock is overdue."""
    zone, now = user_zone(reporter), timezone.now()

    def local(delta: timedelta) -> str:
        return (now - delta).astimezone(zone).strftime("%Y-%m-%dT%H:%M")

    form = {
        "system": "SYS-001",
        "type": "privacy_violation",
        "severity": "critical",
        "discovered_at": local(timedelta(days=21)),
        "title": "Candidate records exposed",
        "description": "Backups of the screener were readable by anyone.",
        "affected_people_estimate": "40",
        "eu_residents_affected": "on",
        "personal_data_exposed": "on",
        "breach_nature": ["disclosure"],
        "personal_data_aware_at": local(timedelta(days=5)),
        "other_serious_harm": "on",
        "serious_incident_aware_at": local(timedelta(days=20)),
        "awareness_reason": "Found in an old ticket during the review.",
        "csrfmiddlewaretoken": csrf(browser),
    }
    response = browser.post(f"{url}/incidents/new/", form, allow_redirects=False, timeout=30)
    assert response.status_code == 302, response.text[:3000]
    return response.headers["Location"]


def expected_alerts(deadlines) -> list[tuple[int, str]]:
    """What one sweep at this moment sends of these never-notified, overdue deadlines."""
    now = timezone.now()
    return sorted(
        (d.pk, threshold.key)
        for d in deadlines
        for threshold in rules.alert_plan(deadline_thresholds(d), [], now).send
    )


def sweeps_sent(cluster: Cluster, beat: str) -> int:
    return len(re.findall(r"Sending due task deadlines-sweep", cluster.log(beat)))


def sweep_results(cluster: Cluster) -> list[int]:
    """How many alerts each finished sweep sent, from both workers' logs."""
    found = r"deadlines_sweep\[\S+\] succeeded in \S+: (\d+)"
    logs = cluster.log("worker-a") + cluster.log("worker-b")
    return [int(n) for n in re.findall(found, logs)]


def settled(cluster: Cluster) -> bool:
    """Nothing crossed is left unclaimed, and every notification has gone out."""
    now = timezone.now()
    return (
        not Deadline.objects.filter(next_alert_at__lte=now).exists()
        and not Notification.objects.filter(emailed_at__isnull=True).exists()
        and len(cluster.mails()) == Notification.objects.count()
    )


def test_two_webs_two_workers_two_beats_send_every_alert_exactly_once(personas, cluster, settings):
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS  # gunicorn checks it
    personas.responder.set_password(PASSWORD)
    personas.responder.save()
    AISystemFactory(
        system_id="SYS-001",
        owner_team=personas.people_ops,
        ai_act_category="high_risk",
        incident_contact_user=personas.security,
    )
    owners = owners_clocks(personas, 12, timezone.now() - timedelta(minutes=1))
    cluster.start_all()

    browser = sign_in(cluster.urls[0], personas.responder.email)  # host a
    report_incident(browser, cluster.urls[1], personas.responder)  # host b
    incident_clocks = list(Deadline.objects.filter(kind__startswith="incidents."))
    assert len(incident_clocks) >= 3, [d.kind for d in incident_clocks]
    expected = expected_alerts(owners + incident_clocks)

    wait_for(lambda: settled(cluster), cluster, "every alert sent and mailed")
    # Then both beats go on sweeping, each sweep finding nothing more to send.
    later = {beat: sweeps_sent(cluster, beat) + 2 for beat in ("beat-a", "beat-b")}
    wait_for(
        lambda: all(sweeps_sent(cluster, beat) >= n for beat, n in later.items()),
        cluster,
        "two more sweeps from each beat",
        timeout=20,
    )

    assert sorted(DeadlineAlert.objects.values_list("deadline_id", "threshold")) == expected
    for alert in DeadlineAlert.objects.all():
        told = Notification.objects.filter(dedupe_key__startswith=f"deadline:{alert.pk}:")
        assert alert.recipients >= 1 and told.count() == alert.recipients
    notes = Notification.objects.select_related("recipient")
    sent = Counter((str(m["To"]), str(m["Subject"])) for m in cluster.mails())
    assert sent == Counter((n.recipient.email, n.title) for n in notes), cluster.report()
    assert max(sent.values()) == 1  # nobody got the same message twice
    assert "is due now" in " ".join(title for _, title in sent)
    # Each web host sees the workers' heartbeats and the sweeps (marks in the one Redis).
    for url in cluster.urls:
        health = loopback().get(f"{url}/healthz", timeout=10)
        assert health.status_code == 200, health.text
        assert set(health.json().values()) == {"ok"}, health.text
    # The beats' sweeps ran on both workers; together they sent each alert once.
    sent_by_sweeps = sweep_results(cluster)
    assert len(sent_by_sweeps) >= 4, cluster.report()
    assert sum(sent_by_sweeps) == len(expected), cluster.report()


# The configured storages, not instances: the S3 backend needs boto3.
SHOW_STORAGES = (
    "from django.conf import settings as s\n"
    "for name in ('packs', 'evidence'):\n"
    "    o = s.STORAGES[name]['OPTIONS']\n"
    "    print(s.STORAGES[name]['BACKEND'], o.get('bucket_name', '-'), o['location'])"
)


def test_with_evidence_in_s3_packs_go_to_the_same_bucket_in_their_own_folder(tmp_path):
    """Every web host serves the packs the exports worker wrote: shared storage."""
    s3 = "storages.backends.s3.S3Storage"
    in_s3 = {"EVIDENCE_STORAGE": "s3", "EVIDENCE_S3_BUCKET": "governance"}
    found = evidence_settings(show=SHOW_STORAGES, **in_s3)
    assert found == [s3, "governance", "packs", s3, "governance", "evidence"]
    found = evidence_settings(show=SHOW_STORAGES, PACK_ROOT=str(tmp_path))
    assert found[:3] == ["django.core.files.storage.FileSystemStorage", "-", str(tmp_path)]
