# syntax=docker/dockerfile:1
#
# Gurumisha sidecar API and Celery workers: one image, the command picks the role.
#
#   docker build -t gurumisha .
#   docker run gurumisha                         # API: gurumisha serve on :8000
#   docker run gurumisha worker                  # Celery worker
#   docker run gurumisha beat                    # Celery beat (run exactly one)
#   docker run gurumisha migrate                 # Alembic upgrade head, then exit
#
# Every setting comes from the environment (see README.md and docs/DEPLOYMENT.md);
# nothing secret is baked into the image.
#
# The base image is pinned to a Python patch release and a Debian release; bump both
# stages together.

############################ build: a virtualenv with the app ############################
FROM python:3.11.13-slim-bookworm@sha256:86adf8dbadc3d6e82ee5dd2c74bec2e1c2467cdad47886280501df722372d2e1 AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:${PATH}"

WORKDIR /src
# Only what the distribution needs (see .dockerignore): no tests, no Strapi project.
COPY pyproject.toml README.md ./
COPY sidecar ./sidecar
COPY workers ./workers
# A regular (non-editable) install: the runtime stage needs /opt/venv only.
RUN pip install --no-cache-dir . \
    && gurumisha --help > /dev/null

############################ runtime: the venv, nothing else ############################
FROM python:3.11.13-slim-bookworm@sha256:86adf8dbadc3d6e82ee5dd2c74bec2e1c2467cdad47886280501df722372d2e1 AS runtime

LABEL org.opencontainers.image.title="gurumisha" \
      org.opencontainers.image.description="Gurumisha Motors sidecar API and Celery workers" \
      org.opencontainers.image.licenses="Proprietary"

ENV PATH="/opt/venv/bin:${PATH}" \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    GURUMISHA_DATA_DIR=/var/lib/gurumisha

# A fixed numeric uid/gid so Kubernetes' runAsNonRoot can verify it.
RUN groupadd --system --gid 10001 gurumisha \
    && useradd --system --uid 10001 --gid gurumisha --home-dir /app \
       --no-create-home --shell /usr/sbin/nologin gurumisha \
    && install -d -o gurumisha -g gurumisha -m 0750 /app /var/lib/gurumisha

COPY --from=build /opt/venv /opt/venv

WORKDIR /app
USER 10001:10001

EXPOSE 8000

# Liveness of the API process. Worker and beat containers override or disable it
# (docker-compose.yml); Kubernetes ignores it and uses the chart's probes.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]

ENTRYPOINT ["gurumisha"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
