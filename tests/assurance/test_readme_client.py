"""The README's Python example for a monitored system (issue 20: "a documented way for a
system to send these") is run as written against a live portal: only the portal's
address and the token change. If the README drifts from the API, this fails."""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from assurance.models import LogDigest, MetricValue
from assurance.services.tokens import monitoring_token_issue
from core.choices import Role
from core.selectors import users_with_role
from registry.models import AISystem

pytestmark = pytest.mark.django_db(transaction=True)
README = Path(__file__).resolve().parents[2] / "README.md"


def readme_client() -> str:
    text = README.read_text()
    start = text.index("The same with Python's standard library only:")
    return re.search(r"```python\n(.*?)```", text[start:], re.S).group(1)


def test_the_readme_client_sends_a_digest_and_a_value(live_server, shipped_libraries, tmp_path):
    call_command("load_demo", stdout=io.StringIO())
    system = AISystem.objects.get(system_id="SYS-001")
    owner = users_with_role(Role.PRODUCT_OWNER, team=system.owner_team_id).first()
    key = monitoring_token_issue(actor=owner, system=system, name="README client").key
    script = readme_client().replace(
        '"https://portal.example.com", "..."', f'"{live_server.url}", "{key}"'
    )
    assert live_server.url in script, "the README's address line changed: update this test"
    day = (timezone.now() - timedelta(days=60)).date().isoformat()
    batch = tmp_path / f"{day}.jsonl"
    batch.write_bytes(b'{"event": "screened", "id": 1}\n{"event": "screened", "id": 2}\n')
    (tmp_path / "client.py").write_text(script)

    run = subprocess.run(
        [sys.executable, str(tmp_path / "client.py"), day, str(batch)],
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert run.returncode == 0, run.stderr
    digest = LogDigest.objects.get(system=system, date=day)
    assert (digest.records, digest.sha256) == (2, hashlib.sha256(batch.read_bytes()).hexdigest())
    assert digest.location == f"s3://screener-logs/{day}.jsonl"
    assert MetricValue.objects.filter(system=system, metric="accuracy", value=0.91).exists()
