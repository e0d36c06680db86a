# The production image: web (gunicorn), worker and beat all run from it.
# See docker-compose.yml for how they are wired to PostgreSQL and Redis.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONPATH=/app \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    EVIDENCE_ROOT=/data/evidence \
    PORTAL_BASE_URL=https://localhost

# WeasyPrint needs Pango and HarfBuzz's subsetter (without it every PDF render
# warns and is several times slower); curl is for the health check.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core curl \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so a code change does not reinstall them: exactly the locked
# versions, each checked against its hash (no test tools, no embedded servers).
COPY requirements/production.txt requirements/
RUN pip install --require-hashes -r requirements/production.txt

COPY . .

# Static files are baked into the image (hashed names, compressed: PORTAL_BASE_URL is
# https, so the settings pick that storage) for WhiteNoise.
# Settings need service URLs to import; nothing connects to them here.
RUN DATABASE_URL=postgres://build@localhost/build \
    REDIS_URL=redis://localhost:6379/0 \
    SECRET_KEY=collectstatic-only \
    DEBUG=false \
    python manage.py collectstatic --noinput --verbosity 0

RUN useradd --system --home-dir /app --shell /usr/sbin/nologin aigov \
    && mkdir -p /data/evidence \
    && chown -R aigov:aigov /data/evidence
USER aigov

EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--config", "python:config.gunicorn", "--bind", "0.0.0.0:8000", "--no-control-socket"]
