"""Where evidence bytes go: the file system under EVIDENCE_ROOT by default, an
S3-compatible bucket with EVIDENCE_STORAGE=s3; the size limit from the environment."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The configured storage, not an instance: the S3 backend needs boto3, which production
# installs (django-storages[s3]) and this machine need not.
PRINT = (
    "from django.conf import settings as s; e = s.STORAGES['evidence']; o = e['OPTIONS']; "
    "print(e['BACKEND'], o.get('bucket_name') or o.get('location'), "
    "o.get('endpoint_url', '-'), o.get('base_url', '-'), s.EVIDENCE_MAX_BYTES)"
)


def evidence_settings(*, show: str = PRINT, **env: str) -> list[str]:
    """What the script `show` prints of the settings with `env`, split into words."""
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", show],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_by_default_files_stay_on_this_machine_with_a_25_mb_limit(tmp_path):
    backend, location, _endpoint, base_url, limit = evidence_settings(EVIDENCE_ROOT=str(tmp_path))
    assert backend == "django.core.files.storage.FileSystemStorage"
    assert (location, base_url, limit) == (str(tmp_path), "None", str(25 * 1024 * 1024))


def test_s3_compatible_storage_is_a_setting():
    backend, bucket, endpoint, _base_url, limit = evidence_settings(
        EVIDENCE_STORAGE="s3",
        EVIDENCE_S3_BUCKET="governance-evidence",
        EVIDENCE_S3_ENDPOINT_URL="https://minio.internal:9000",
        EVIDENCE_MAX_BYTES="1048576",
    )
    assert backend == "storages.backends.s3.S3Storage"
    assert (bucket, endpoint, limit) == (
        "governance-evidence",
        "https://minio.internal:9000",
        "1048576",
    )
