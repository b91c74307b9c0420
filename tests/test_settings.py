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


def test_the_deployment_checks_pass_with_the_production_values_of_env_example(tmp_path):
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        name, equals, value = line.partition("=")
        if equals and not line.startswith("#"):
            values[name.strip()] = value.strip()
    # The one value a deployment must replace before Django starts at all.
    values["DJANGO_SECRET_KEY"] = "a-real-key-" + "x7Q" * 20
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FACTCHECK_", "DATABASE_"))}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env={
            **base,
            **values,
            "DJANGO_SETTINGS_MODULE": "factcheck.settings",
            "FACTCHECK_DATA_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (1 silenced)." in result.stdout
