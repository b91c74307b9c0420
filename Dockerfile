# One image for the web server, the Celery worker and Celery beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    FACTCHECK_DATA_DIR=/var/lib/factcheck

RUN useradd --system --create-home --home-dir /app factcheck \
    && mkdir -p /var/lib/factcheck && chown factcheck /var/lib/factcheck
WORKDIR /app

COPY pyproject.toml requirements.lock README.md ./
COPY factcheck ./factcheck
COPY claims ./claims
COPY sources ./sources
COPY manage.py ./
COPY seeds ./seeds
RUN pip install --no-cache-dir -c requirements.lock . \
    && DJANGO_SECRET_KEY=build-only python manage.py collectstatic --noinput

USER factcheck
EXPOSE 8000
CMD ["gunicorn", "factcheck.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
