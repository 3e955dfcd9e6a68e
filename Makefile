# Breakdown: `make run` to try it, `make test` to test it. See README.md.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed

.PHONY: run test lint check-deploy bench clean

run: $(INSTALLED)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo
	@echo "Breakdown is serving http://127.0.0.1:8000 (Ctrl-C to stop)"
	$(PY) manage.py runserver 127.0.0.1:8000

test: $(INSTALLED)
	@url=$$($(PY) scripts/pick_database.py) && \
	if [ -n "$$url" ]; then export DATABASE_URL="$$url"; else unset DATABASE_URL; fi && \
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check-deploy: $(INSTALLED)
	DJANGO_SETTINGS_MODULE=coaching.settings.production \
	SECRET_KEY=$${SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')} \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-breakdown.example} \
	DATABASE_URL=$${DATABASE_URL:-sqlite:///$(CURDIR)/db.sqlite3} \
	$(PY) manage.py check --deploy --fail-level WARNING

bench: $(INSTALLED)
	for script in bench/bench_*.py; do $(PY) $$script || exit 1; done

# The virtualenv is rebuilt when pyproject.toml changes or its Python is too old.
$(INSTALLED): pyproject.toml
	@python=$$(scripts/find-python) || exit 1; \
	if [ -x $(PY) ] && ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
		echo "Rebuilding $(VENV): its Python is older than 3.12"; rm -rf $(VENV); \
	fi; \
	if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$python"; $$python -m venv $(VENV) || exit 1; fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .hypothesis
