"""Schemathesis against the API's own OpenAPI schema, on a live local server.

Every operation gets examples, boundary values and random inputs (valid and invalid),
with every check schemathesis has: no server error, every status code, content type,
header and body as documented, invalid input rejected, valid input accepted, and
authentication not ignored. Schemathesis is pinned in the dev extra.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sources.models import Source
from tests.factories import make_claim, make_claimant, make_client_key, make_evidence, make_verdict

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.mark.django_db(transaction=True)
def test_schemathesis_finds_no_failure(live_server, settings, monkeypatch, tmp_path):
    settings.FACTCHECK_API_ANON_RATE = settings.FACTCHECK_API_KEY_RATE = "1000000/minute"
    settings.FACTCHECK_FETCH_TIMEOUT = 2
    monkeypatch.setattr("sources.services.send_process_message", lambda pk: None)
    Source.objects.create(name="Daily", domain="daily.example")
    for i in range(3):
        claim = make_claim(claimant=make_claimant(f"Speaker {i}"), language="en")
        make_verdict(claim=claim, evidence=[make_evidence(claim=claim)])
    _, key = make_client_key(can_write_articles=True, can_read_internal=True)
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "--config-file",
        str(Path(__file__).with_name("schemathesis.toml")),
        "run",
        f"{live_server.url}/api/schema/",
        "--checks",
        "all",
        "--header",
        f"Authorization: Api-Key {key}",
        "--max-examples",
        os.environ.get("FACTCHECK_SCHEMATHESIS_EXAMPLES", "25"),
        "--workers",
        "1",
        "--seed",
        "1",
        "--suppress-health-check",
        "too_slow",
    ]
    # Run from a temporary folder: schemathesis keeps its cache in the working directory.
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900)
    print(result.stdout[-20000:])
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
