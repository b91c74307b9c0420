"""Production settings refuse to start without real secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def start_django(**env) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FACTCHECK_"))}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "factcheck.settings", **env},
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    "env",
    [{}, {"DJANGO_SECRET_KEY": "CHANGE-ME-to-a-long-random-string"}],
    ids=["no key", "placeholder key"],
)
def test_production_refuses_to_start_without_a_real_secret_key(env):
    result = start_django(**env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_starts_with_a_real_key_and_debug_off(tmp_path):
    result = start_django(
        DJANGO_SECRET_KEY="a-real-key-" + "x" * 50,
        FACTCHECK_DATA_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="factcheck.settings",
    )
    assert result.returncode == 0, result.stderr
