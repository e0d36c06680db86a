"""The backup archive's rules (core.backup.rules): what a manifest records, how a restore
compares the archive with it, how pg_dump is told where the database is. No database."""

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from core.backup import rules

DUMP = rules.Member(rules.DATABASE_MEMBER, 10, "d" * 64)
REPORT = rules.Member("evidence/sha256/ab/cd/abcd", 5, hashlib.sha256(b"hello").hexdigest())


def listed(*members):
    return {m.path: m for m in members}


def test_an_archive_that_matches_its_manifest_has_no_findings():
    assert rules.archive_findings(listed(DUMP, REPORT), [DUMP, REPORT]) == []


def test_a_member_whose_bytes_changed_is_named_with_both_hashes():
    changed = rules.Member(REPORT.path, 5, hashlib.sha256(b"hellO").hexdigest())
    [finding] = rules.archive_findings(listed(DUMP, REPORT), [DUMP, changed])
    assert finding.startswith(f"{REPORT.path}: its SHA-256 is {changed.sha256}")
    assert f"the manifest recorded {REPORT.sha256}" in finding


def test_a_missing_member_and_an_extra_one_are_each_named():
    extra = rules.Member("packs/forged.pdf", 3, "e" * 64)
    findings = rules.archive_findings(listed(DUMP, REPORT), [DUMP, extra])
    assert findings == [
        "packs/forged.pdf: in the archive but not in the manifest",
        f"{REPORT.path}: in the manifest but missing from the archive",
    ]


def test_a_name_leading_outside_its_folder_is_refused_even_when_listed():
    escape = rules.Member("evidence/../../etc/cron.d/x", 1, "f" * 64)
    [finding] = rules.archive_findings(listed(DUMP, escape), [DUMP, escape])
    assert "leads outside its folder" in finding


def test_a_link_is_refused_even_when_listed():
    link = rules.Member("evidence/sha256/ab/cd/link", rules.NOT_A_FILE, "")
    findings = rules.archive_findings(listed(DUMP, link), [DUMP, link])
    assert findings == ["evidence/sha256/ab/cd/link: refused, not a regular file"]


def test_an_archive_without_a_database_dump_is_refused():
    assert rules.archive_findings(listed(REPORT), [REPORT]) == [
        "database.dump: the manifest lists no database dump"
    ]


@given(st.binary(max_size=64), st.integers(min_value=0, max_value=63), st.integers(1, 255))
def test_any_changed_byte_in_a_member_is_found(data, position, flip):
    """Whatever the bytes and whichever byte changes, the member is named."""
    data = data or b"x"
    position %= len(data)
    damaged = bytearray(data)
    damaged[position] ^= flip
    original = rules.Member("evidence/f", len(data), hashlib.sha256(data).hexdigest())
    now = rules.Member("evidence/f", len(data), hashlib.sha256(bytes(damaged)).hexdigest())
    findings = rules.archive_findings(listed(DUMP, original), [DUMP, now])
    assert [f.split(":")[0] for f in findings] == ["evidence/f"]


@given(st.lists(st.sampled_from(["a", "b", "..", "", "c.pdf"]), min_size=1, max_size=5))
def test_only_names_without_parent_or_empty_parts_are_safe(parts):
    path = "/".join(parts)
    assert rules.unsafe_path(path) == (".." in parts or "" in parts)


def test_the_manifest_lists_members_in_order_with_the_chain_head():
    manifest = rules.manifest_build(
        members=[REPORT, DUMP],
        created_at="2026-12-07T18:00:00+00:00",
        portal_version="0.1.0",
        database="aigov",
        audit_head={"seq": 506, "hash": "c" * 64},
        with_signing_key=False,
    )
    assert rules.manifest_problems(manifest) == []
    assert [m["path"] for m in manifest["members"]] == [DUMP.path, REPORT.path]
    assert manifest["audit_head"] == {"seq": 506, "hash": "c" * 64}
    assert rules.manifest_members(manifest) == listed(DUMP, REPORT)


def test_a_foreign_or_malformed_manifest_is_named():
    assert rules.manifest_problems({"format": "other"}) == [
        "manifest.json is not a backup manifest of format aigov-backup/1"
    ]
    broken = {"format": rules.FORMAT, "audit_head": {"seq": 1}, "members": [{"path": 3}]}
    assert rules.manifest_problems(broken) == ["manifest.json has a malformed member list"]


def test_storage_files_map_to_their_storage_and_nothing_else_does():
    assert rules.member_storage("evidence/sha256/ab/x") == ("evidence", "sha256/ab/x")
    assert rules.member_storage("packs/P-1.pdf") == ("packs", "P-1.pdf")
    assert rules.member_storage(rules.DATABASE_MEMBER) is None
    assert rules.member_storage(rules.CERTIFICATE_MEMBER) is None


def test_the_password_goes_in_the_environment_never_on_the_command_line():
    args, env = rules.client_connection(
        {
            "NAME": "aigov",
            "USER": "portal",
            "PASSWORD": "s3cret",
            "HOST": "db.internal",
            "PORT": "5433",
            "OPTIONS": {"sslmode": "require"},
        }
    )
    assert args == [
        "--dbname",
        "aigov",
        "--host",
        "db.internal",
        "--port",
        "5433",
        "--username",
        "portal",
    ]
    assert "s3cret" not in " ".join(args)
    assert env == {"PGPASSWORD": "s3cret", "PGSSLMODE": "require"}


def test_a_socket_folder_in_the_url_query_reaches_pg_dump_as_pghost():
    """The embedded server: postgresql://postgres@/aigov?host=<data dir>."""
    args, env = rules.client_connection(
        {"NAME": "aigov", "USER": "postgres", "PASSWORD": "", "HOST": "", "PORT": "",
         "OPTIONS": {"host": "/work/var/pg"}}
    )  # fmt: skip
    assert args == ["--dbname", "aigov", "--username", "postgres"]
    assert env == {"PGHOST": "/work/var/pg"}


def result(**changes):
    values = {
        "events_verified": 506,
        "chain_problem": "",
        "head": (506, "c" * 64),
        "manifest_head": (506, "c" * 64),
        "evidence_verified": 52,
        "evidence_total": 52,
        "evidence_problems": (),
        "packs": 1,
    }
    return rules.RestoreResult(**(values | changes))


def test_the_result_table_says_verified_only_when_everything_is():
    table = rules.result_table(result())
    assert "506 events verified" in table and "52/52 files verified" in table
    assert "1 restored" in table and table.endswith("Restore verified.")


def test_a_different_head_or_a_missing_file_fails_the_restore():
    moved = rules.result_table(result(head=(505, "b" * 64)))
    assert "#505 bbbbbbbbbbbbbbbb… (manifest: #506 cccccccccccccccc…)  FAILED" in moved
    assert moved.endswith("Restore NOT verified.")
    missing = result(evidence_verified=51, evidence_problems=("Evidence file #7: missing",))
    assert not missing.ok
    assert "  - Evidence file #7: missing" in rules.result_table(missing)
