"""Every audit action the product can write reads in words on the audit trail.

The codes are collected from the source with `ast`: each action passed to core's audit
append or write helpers (`audit_record`, `row_create`, `row_update`, ...), or to a
function that hands its own `action` parameter on to one of them (found as a writer
too, so `identity_change_record(action="...")` and `_record_attempt(c, "...")` count).
A code built at run time (an f-string, a variable) cannot be read from the source: each
such place is listed in COMPUTED with the codes it can build and why, and a new one
that is not listed fails the test until it is.

Each app registers its words in its own place (core.audit_display's
register_action_labels, from its contributions or AppConfig.ready); an action nobody
registered would show as its code made readable ("Questionnaire: draft saved").
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pytest

from core.audit_display import action_choices

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("config", "core", "registry", "cards", "governance", "incidents", "vendors")
# core.audit's append and core.writes' helpers: each records an event under `action`.
KERNEL_WRITERS = (
    "audit_record",
    "row_create",
    "row_insert",
    "rows_create",
    "row_update",
    "link_remove",
    "row_delete",
)


@dataclass(frozen=True)
class Writer:
    """A function that audits under its `action` argument, and where that argument is."""

    name: str
    position: int | None  # its index among positional arguments; None: keyword-only


Writers = dict[tuple[str, str], Writer]  # (module path, or "" for a public name; name)


@dataclass
class Found:
    """What the scan read: the literal codes, and the places that build one."""

    codes: set[str] = field(default_factory=set)
    computed: dict[tuple[str, str], str] = field(default_factory=dict)  # (path, def): source


Function = ast.FunctionDef | ast.AsyncFunctionDef


def _positional(func: Function) -> list[str]:
    return [a.arg for a in (*func.args.posonlyargs, *func.args.args)]


def _takes_action(func: Function) -> bool:
    return "action" in _positional(func) or any(a.arg == "action" for a in func.args.kwonlyargs)


def _key(path: str, name: str) -> tuple[str, str]:
    # A private name is its module's own; a public one may be imported anywhere.
    return (path, name) if name.startswith("_") else ("", name)


def _writer_for(call: ast.Call, path: str, writers: Writers) -> Writer | None:
    target = call.func
    name = target.id if isinstance(target, ast.Name) else getattr(target, "attr", "")
    return writers.get(_key(path, name))


def _action_argument(call: ast.Call, writer: Writer) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == "action":
            return keyword.value
    if writer.position is not None and writer.position < len(call.args):
        return call.args[writer.position]
    return None


def _hands_on_keywords(call: ast.Call, func: Function) -> bool:
    """`writer(..., **terms)` inside `def f(..., **terms)`: f's `action=` goes through."""
    rest = func.args.kwarg.arg if func.args.kwarg else None
    return any(
        k.arg is None and isinstance(k.value, ast.Name) and k.value.id == rest
        for k in call.keywords
    )


def _passes_own_action(func: Function, path: str, writers: Writers) -> bool:
    """Does `func` (or a function inside it) hand its `action` argument to a writer?"""
    for node in ast.walk(func):
        writer = isinstance(node, ast.Call) and _writer_for(node, path, writers)
        if not writer:
            continue
        argument = _action_argument(node, writer)
        if isinstance(argument, ast.Name) and argument.id == "action" and _takes_action(func):
            return True
        if argument is None and _hands_on_keywords(node, func):
            return True
    return False


def writers_in(trees: dict[str, ast.AST]) -> Writers:
    """The kernel's writers and every function that passes its `action` on to one, until
    no more are found (a wrapper of a wrapper counts)."""
    writers = {("", name): Writer(name, None) for name in KERNEL_WRITERS}
    grown = True
    while grown:
        grown = False
        for path, tree in trees.items():
            for func in (n for n in ast.walk(tree) if isinstance(n, Function)):
                key = _key(path, func.name)
                if key in writers:
                    continue
                if _passes_own_action(func, path, writers):
                    names = _positional(func)
                    position = names.index("action") if "action" in names else None
                    writers[key] = Writer(func.name, position)
                    grown = True
    return writers


class _Reader(ast.NodeVisitor):
    """Reads each writer call's action in its module, with the functions around it."""

    def __init__(self, path: str, writers: Writers, found: Found):
        self.path, self.writers, self.found = path, writers, found
        self.around: list[Function] = []

    def visit_FunctionDef(self, node: Function) -> None:
        self.around.append(node)
        self.generic_visit(node)
        self.around.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Call(self, node: ast.Call) -> None:
        writer = _writer_for(node, self.path, self.writers)
        argument = _action_argument(node, writer) if writer else None
        if argument is not None:
            self.read(argument)
        self.generic_visit(node)

    def read(self, argument: ast.expr) -> None:
        if isinstance(argument, ast.Constant) and argument.value is None:
            return  # "no event of its own": the caller records one
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            self.found.codes.add(argument.value)
        elif isinstance(argument, ast.IfExp):
            self.read(argument.body)
            self.read(argument.orelse)
        elif isinstance(argument, ast.Name) and self.handed_on(argument.id):
            return  # a writer handing its own `action` on: read at its callers
        elif isinstance(argument, ast.Name) and (value := self.assigned(argument.id)):
            self.read(value)
        else:
            where = self.around[0].name if self.around else "<module>"
            self.found.computed[(self.path, where)] = ast.unparse(argument)

    def handed_on(self, name: str) -> bool:
        return name == "action" and any(
            _key(self.path, func.name) in self.writers and _takes_action(func)
            for func in self.around
        )

    def assigned(self, name: str) -> ast.expr | None:
        """The one value the innermost function gives the local `name`, if only one."""
        if not self.around:
            return None
        values = [
            node.value
            for node in ast.walk(self.around[-1])
            if isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
        ]
        return values[0] if len(values) == 1 else None


def scan(trees: dict[str, ast.AST]) -> Found:
    """The literal action codes and the computed ones' places in `trees` ({path: ast});
    a computed code is named by its module and the outermost function around it."""
    writers, found = writers_in(trees), Found()
    for path, tree in trees.items():
        _Reader(path, writers, found).visit(tree)
    return found


def product_trees() -> dict[str, ast.AST]:
    """Every module of the product that is not a test or a migration."""
    trees = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                trees[path.relative_to(ROOT).as_posix()] = ast.parse(path.read_text())
    return trees


# --- the codes built at run time, each place with the codes it can build ----------------


def _admin_codes(verbs: tuple[str, ...]) -> list[str]:
    """`<model>.<verb>` for each model whose admin audits through admin_row_save/delete
    (core.admin.AuditedAdminMixin); `deleted` only where the admin allows deleting."""
    from django.contrib import admin

    from core.admin import AuditedAdminMixin
    from core.models import User

    administrator = SimpleNamespace(user=User(is_superuser=True, is_active=True))
    return [
        f"{model._meta.model_name}.{verb}"
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, AuditedAdminMixin)
        for verb in verbs
        if verb != "deleted" or model_admin.has_delete_permission(administrator)
    ]


def _gate_results() -> list[str]:
    from registry.choices import GateRequestStatus

    closed = set(GateRequestStatus.values) - {GateRequestStatus.DRAFT, GateRequestStatus.OPEN}
    return [f"gate_request.{status}" for status in sorted(closed)]


def _gate_decisions() -> list[str]:
    from registry.choices import ApprovalDecision

    return [f"gate_approval.{decision}" for decision in ApprovalDecision.values]


def _incident_steps() -> list[str]:
    from incidents.services.steps import STAMPS

    return [f"incident.{target}" for target in STAMPS]


def _incident_evidence(verb: str) -> list[str]:
    # evidence.py's Record.field: the post-incident review's files and a sent notice's.
    return [f"incident.{record}_evidence_{verb}" for record in ("review", "notification")]


def _identity_actions() -> list[str]:
    from core.identity import IDENTITY_ACTIONS

    return list(IDENTITY_ACTIONS)


COMPUTED: dict[tuple[str, str], tuple[str, Callable[[], list[str]]]] = {
    ("core/auth.py", "<module>"): (
        "allauth's signals, one recorder each; identity_change_record takes only these",
        _identity_actions,
    ),
    ("core/services.py", "admin_row_save"): (
        "the Django admin's created/changed rows, named after their model",
        lambda: _admin_codes(("created", "changed")),
    ),
    ("core/services.py", "admin_row_delete"): (
        "the Django admin's deleted rows, named after their model",
        lambda: _admin_codes(("deleted",)),
    ),
    ("registry/services/gate_approvals.py", "gate_approval_decide"): (
        "one code per approval decision",
        _gate_decisions,
    ),
    ("registry/services/gate_artifacts.py", "gate_artifact_add"): (
        "an artifact is added, or replaces the previous one",
        lambda: ["gate_artifact.added", "gate_artifact.replaced"],
    ),
    ("registry/services/gate_common.py", "close_request"): (
        "a request closes with one of the statuses after draft and open",
        _gate_results,
    ),
    ("incidents/services/steps.py", "_step"): (
        "one code per status step (the steps that stamp a time)",
        _incident_steps,
    ),
    ("incidents/services/evidence.py", "_attach"): (
        "files on a post-incident review or a sent notification",
        lambda: _incident_evidence("attached"),
    ),
    ("incidents/services/evidence.py", "_detach"): (
        "files on a post-incident review or a sent notification",
        lambda: _incident_evidence("removed"),
    ),
}


def unlabelled(codes: Iterable[str]) -> list[str]:
    """The codes that no app gave words to, sorted."""
    labels = dict(action_choices())
    return sorted(code for code in set(codes) if code not in labels)


# --- the product -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def found() -> Found:
    return scan(product_trees())


def test_every_action_the_product_writes_has_words(found):
    codes = set(found.codes)
    for _reason, build in COMPUTED.values():
        codes |= set(build())
    missing = unlabelled(codes)
    assert missing == [], "No words on the audit trail for: " + ", ".join(missing)


def test_every_computed_action_is_listed_with_the_codes_it_builds(found):
    unlisted = {where: source for where, source in found.computed.items() if where not in COMPUTED}
    gone = sorted(set(COMPUTED) - set(found.computed))
    assert unlisted == {}, f"List these in COMPUTED with the codes they build: {unlisted}"
    assert gone == [], f"COMPUTED lists places that no longer build a code: {gone}"


def test_the_scan_reads_the_codes_of_every_app(found):
    assert {
        "auth.login_failed",  # by a wrapper, positionally
        "password.set_by_admin",  # by identity_change_record
        "system.stage_changed",  # a branch of a conditional
        "risk.created",
        "incident.awareness_corrected",
        "questionnaire.answered",
        "assessment.evidence_attached",
    } <= found.codes
    assert len(found.codes) > 100


# --- the check itself, shown failing ------------------------------------------------------

SAMPLE = """
def _note(thing, action, changes=None):
    row_update(actor=None, obj=thing, values={}, action=action, audit_extra=changes)

def _noted(thing, action):
    _note(thing, action)

def update_kept(*, thing, **terms):
    row_update(actor=None, obj=thing, values={}, **terms)

def _recorder(action):
    def record(thing):
        _note(thing, action)
    return record

def service(thing, done):
    _noted(thing, "sample.wrapped_twice")
    update_kept(thing=thing, action="sample.by_keywords")
    audit_record(actor=None, action="sample.done" if done else "sample.undone")
    verb = "sample.chosen_first" if done else "sample.chosen_second"
    _note(thing, verb)
    row_create(actor=None, model=None, values={}, action=f"sample.{done}")
    row_update(actor=None, obj=thing, values={}, action=None)
    form_context(None, action="/not/an/audit/action/")

for _code in ("sample.looped",):
    _recorder(_code)
"""
# Another module's private `_note` is not the one above: its arguments are not read.
ELSEWHERE = """
def other(thing):
    _note(thing, "not.an.action", "sample.not_read_either")
"""


def test_the_scan_follows_wrappers_and_branches_and_names_computed_codes():
    found = scan({"sample.py": ast.parse(SAMPLE), "elsewhere.py": ast.parse(ELSEWHERE)})
    assert found.codes == {
        "sample.wrapped_twice",
        "sample.by_keywords",
        "sample.done",
        "sample.undone",
        "sample.chosen_first",
        "sample.chosen_second",
    }
    assert found.computed == {
        ("sample.py", "service"): "f'sample.{done}'",
        ("sample.py", "<module>"): "_code",
    }


def test_a_code_nobody_gave_words_to_is_named():
    assert unlabelled(["sample.never_registered", "auth.login", "questionnaire.answered"]) == [
        "sample.never_registered"
    ]
