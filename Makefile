# Every command anyone needs. `make run` and `make test` work on a fresh clone.
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run serve test test-fast screenshots lint format migrations-check bench ci clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

run: install
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py seed_demo
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# Production-like: gunicorn, collected static files, DEBUG off; plain HTTP on
# loopback (DJANGO_HTTPS=0) since there is no TLS proxy in front locally.
serve: install
	export DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
		DJANGO_HTTPS=0 DJANGO_ALLOWED_HOSTS="$(HOST),localhost" GUNICORN_BIND="$(HOST):$(PORT)" && \
	$(PY) manage.py migrate --noinput && \
	$(PY) manage.py collectstatic --noinput -v 0 && \
	exec $(VENV)/bin/gunicorn config.wsgi -c config/gunicorn.py

test: install
	DJANGO_TESTING=1 $(PY) -m pytest

# Everything but the browser tests, for a quick loop while editing.
test-fast: install
	DJANGO_TESTING=1 $(PY) -m pytest -m "not browser"

# The browser tests, saving the pictures in docs/screenshots as they go.
screenshots: install
	DJANGO_TESTING=1 FF_SCREENSHOTS=1 $(PY) -m pytest -m browser

lint: install migrations-check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_TESTING=1 $(VENV)/bin/mypy .
	$(PY) tools/check_templates.py templates

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrations-check: install
	DJANGO_TESTING=1 $(PY) manage.py makemigrations --check --dry-run

bench: install
	DJANGO_TESTING=1 $(PY) bench/run.py

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) db.sqlite3* staticfiles .mypy_cache .pytest_cache .ruff_cache .hypothesis
