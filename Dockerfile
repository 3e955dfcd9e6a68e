# Breakdown, served the production way: gunicorn + whitenoise, settings from the environment.
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=coaching.settings.production

WORKDIR /app
COPY pyproject.toml README.md ./
COPY coaching ./coaching
COPY athletes ./athletes
COPY workouts ./workouts
RUN pip install .
COPY . .

# Hash and compress static files at build time; the key is a throwaway used only here.
RUN SECRET_KEY=collectstatic-only ALLOWED_HOSTS=build DATABASE_URL=sqlite:////tmp/build.db \
    python manage.py collectstatic --noinput

RUN useradd --create-home --uid 10001 breakdown
USER breakdown

EXPOSE 8000
# Threaded workers: a season export streams for many seconds, and a sync worker would both
# hold a whole process and be killed by gunicorn's 30-second timeout while it streams.
CMD ["gunicorn", "coaching.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--worker-class", "gthread", "--threads", "4", "--access-logfile", "-"]
