# Routine tasks. The two commands that matter need only Python: `python3 dev.py run`
# and `python3 dev.py test`; these targets are shortcuts for developers.
PYTHON := .venv/bin/python

.PHONY: run test lint typecheck format eval bench bench-api train lock

run:
	python3 dev.py run

test:
	python3 dev.py test

lint:
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check .

typecheck:
	$(PYTHON) -m mypy factcheck sources claims bench dev.py

format:
	$(PYTHON) -m ruff check --fix .
	$(PYTHON) -m ruff format .

eval:
	$(PYTHON) -m claims.splitting.evaluation checkworthiness --split dev-test
	$(PYTHON) -m claims.splitting.evaluation news

bench:
	$(PYTHON) bench/splitter.py
	$(PYTHON) bench/pipeline.py --quick
	$(PYTHON) bench/recovery.py

# The verdict API at 100,000 claims beside a plain ModelViewSet (a throwaway PostgreSQL).
bench-api:
	$(PYTHON) bench/api.py

train:
	$(PYTHON) -m claims.splitting.training.checkworthiness

# Re-pin the full dependency set after changing pyproject.toml.
lock:
	$(PYTHON) -m pip freeze --exclude-editable | grep -v '^factcheck' > requirements.lock
