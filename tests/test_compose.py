"""docker-compose.yml is validated here, not started: no Docker engine runs on our machines."""

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
APP_SERVICES = ["web", "worker", "beat"]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_file_is_valid_for_docker_compose(tmp_path):
    binary = shutil.which("docker-compose")
    if binary is None:
        pytest.skip("Debian's docker-compose is not installed (python3 dev.py test installs it)")
    for name in ["docker-compose.yml", "Dockerfile"]:
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")
    result = subprocess.run([binary, "config", "--quiet"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_databases_have_health_checks_and_volumes(compose):
    for name in ["postgres", "redis"]:
        service = compose["services"][name]
        assert service["healthcheck"]["test"], name
        assert service["volumes"], name


def test_postgres_shared_buffers_come_from_the_env_file(compose):
    # The claim index's searches read its rows from shared buffers; PostgreSQL's default
    # (128MB) holds a tenth of a million claims' index.
    command = compose["services"]["postgres"]["command"]
    assert "shared_buffers=${POSTGRES_SHARED_BUFFERS:-1GB}" in command
    assert "POSTGRES_SHARED_BUFFERS=" in (ROOT / ".env.example").read_text()


def test_web_worker_and_beat_run_from_one_image_and_one_env_file(compose):
    services = compose["services"]
    assert {services[name]["image"] for name in APP_SERVICES} == {"factcheck:latest"}
    assert all(services[name]["build"] == "." for name in APP_SERVICES)
    assert all(services[name]["env_file"] == ".env" for name in APP_SERVICES + ["postgres"])
    assert "gunicorn" in services["web"]["command"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "factcheck", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "factcheck", "beat"]
    for name in APP_SERVICES:
        assert services[name]["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert services[name]["depends_on"]["redis"]["condition"] == "service_healthy"


def test_env_example_has_no_usable_secret():
    env = dict(
        line.split("=", 1)
        for line in (ROOT / ".env.example").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    )
    assert "CHANGE-ME" in env["DJANGO_SECRET_KEY"]
    assert env["DJANGO_DEBUG"] == "0"
