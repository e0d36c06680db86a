"""The shape of the code, checked (docs/architecture.md): one layout in every app, every
write through core.writes, rules that stay pure, and imports that only go down.

Each check is a function over source text, so each is also shown failing here on a
deliberately broken module: a check that cannot fail would prove nothing.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    "core",
    "vendors",
    "registry",
    "cards",
    "incidents",
    "governance",
    "assurance",
    "compliance",
]
DOMAIN_APPS = APPS[1:]

# The places of an app (DESIGN.md 2), and Django's own (apps, admin, migrations,
# management, templatetags). `contributions` holds what the app gives core's
# contribution points (navigation, panels, deadline kinds, listeners, audit words).
APP_PLACES = {
    "__init__",
    "apps",
    "admin",
    "migrations",
    "management",
    "templatetags",
    "models",
    "choices",
    "vocabulary",
    "rules",
    "services",
    "selectors",
    "permissions",
    "lists",
    "forms",
    "views",
    "api",
    "urls",
    "tasks",
    "data",
    "contributions",
    # Pure conversions to and from the formats other tools read (cards: CycloneDX, SPDX,
    # Hugging Face, Markdown).
    "exchange",
}

# Where a write may save a row and record its audit event together: the write helpers
# themselves, and the audit trail's own append.
WRITE_KERNEL = {"core/writes.py", "core/audit.py"}
SAVING_CALLS = {
    "save",
    "create",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
}


# --- the checks --------------------------------------------------------------------


def misplaced_modules(app_dir: Path) -> list[str]:
    """Top-level modules and packages of an app that are not one of its places."""
    found = []
    for entry in sorted(app_dir.iterdir()):
        name = entry.stem if entry.suffix == ".py" else entry.name
        is_code = entry.suffix == ".py" or (entry.is_dir() and (entry / "__init__.py").exists())
        if is_code and name not in APP_PLACES:
            found.append(entry.name)
    return found


def hand_written_write(source: str) -> bool:
    """True when a module both saves a row and records an audit event itself."""
    tree = ast.parse(source)
    called = {
        node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
    }
    return "audit_record" in called and bool(called & SAVING_CALLS)


def impure_rule_imports(source: str) -> list[str]:
    """What a rules module imports that reaches the database, the request or a clock."""
    bad = ("django.db", "django.http", "django.shortcuts", "django.utils.timezone")
    found = []
    for node in ast.walk(ast.parse(source)):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        found += [name for name in names if name.startswith(bad)]
    return found


def _python_files(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def _rules_files(app: str):
    for path in _python_files(app):
        relative = path.relative_to(ROOT / app)
        if relative.parts[0] in {"rules", "rules.py"} or path.name == "rules.py":
            yield path


# --- the project passes them -------------------------------------------------------


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_every_app_has_the_same_places(app):
    assert misplaced_modules(ROOT / app) == []


@pytest.mark.parametrize("app", APPS)
def test_every_write_goes_through_core_writes(app):
    offenders = [
        str(path.relative_to(ROOT))
        for path in _python_files(app)
        if str(path.relative_to(ROOT)) not in WRITE_KERNEL and hand_written_write(path.read_text())
    ]
    assert offenders == []


@pytest.mark.parametrize("app", APPS)
def test_rules_are_pure(app):
    found = {
        str(path.relative_to(ROOT)): impure_rule_imports(path.read_text())
        for path in _rules_files(app)
    }
    assert {path: names for path, names in found.items() if names} == {}


# --- and each check fails on a broken module ---------------------------------------


def test_a_module_that_saves_and_audits_by_hand_is_refused():
    broken = (
        "from core.audit import audit_record\n"
        "def risk_close(*, actor, risk):\n"
        "    risk.status = 'closed'\n"
        "    risk.save(update_fields=['status'])\n"
        "    audit_record(actor=actor, action='risk.closed', obj=risk)\n"
    )
    through_the_kernel = (
        "from core.writes import row_update\n"
        "def risk_close(*, actor, risk):\n"
        "    row_update(actor=actor, obj=risk, values={'status': 'closed'},"
        " action='risk.closed')\n"
    )
    assert hand_written_write(broken)
    assert not hand_written_write(through_the_kernel)


def test_a_module_outside_the_places_is_refused(tmp_path):
    app = tmp_path / "someapp"
    (app / "services").mkdir(parents=True)
    (app / "services" / "__init__.py").write_text("")
    (app / "rules.py").write_text("")
    (app / "gate_page_selectors.py").write_text("")
    assert misplaced_modules(app) == ["gate_page_selectors.py"]


def test_a_rule_that_reads_the_clock_or_the_database_is_refused():
    assert impure_rule_imports("from django.utils import timezone\nimport django.db.models\n")
    assert impure_rule_imports("from datetime import timedelta\n") == []


# --- import-linter: the contracts of pyproject.toml --------------------------------


def _lint_imports(tree: Path) -> subprocess.CompletedProcess:
    command = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(command), "--no-cache", "--config", str(tree / "pyproject.toml")],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
    )


@pytest.fixture(scope="module")
def source_copy(tmp_path_factory):
    """The project's packages and contracts, copied so a test may break them."""
    tree = tmp_path_factory.mktemp("tree")
    shutil.copy(ROOT / "pyproject.toml", tree)
    for package in ["config", *APPS]:
        shutil.copytree(
            ROOT / package, tree / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    return tree


def test_the_import_contracts_hold(source_copy):
    result = _lint_imports(source_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_upward_import_breaks_the_contracts(source_copy):
    selectors = source_copy / "vendors" / "selectors" / "__init__.py"
    if not selectors.exists():
        selectors = source_copy / "vendors" / "selectors.py"
    original = selectors.read_text()
    selectors.write_text(original + "\nfrom registry.models import AISystem  # noqa\n")
    try:
        result = _lint_imports(source_copy)
    finally:
        selectors.write_text(original)
    assert result.returncode != 0
    assert "Apps import only the apps below them" in result.stdout
    assert "BROKEN" in result.stdout
    assert "vendors" in result.stdout and "registry" in result.stdout


def test_core_naming_an_app_breaks_the_contracts(source_copy):
    navigation = source_copy / "core" / "navigation.py"
    original = navigation.read_text()
    navigation.write_text(original + "\nimport registry.urls  # noqa\n")
    try:
        result = _lint_imports(source_copy)
    finally:
        navigation.write_text(original)
    assert result.returncode != 0
    assert "Core is the kernel: it imports no domain app BROKEN" in result.stdout.replace("\n", " ")
