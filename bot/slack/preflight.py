"""The start-up check gunicorn's master runs once before it forks workers (bot.slack.gunicorn_conf).

    python -m bot.slack.preflight

Reads the settings, asks Slack whether the token is good and opens the store (migrating and
loading a fresh SQLite file, so workers never bootstrap it at once). Prints nothing and exits 0
when all is well, else one line (`srm: …`) and exit 1. It runs in a child process so that the
master imports none of srm: gevent must patch the standard library in each worker before srm's
modules (SQLAlchemy, psycopg, threads) are imported.
"""

from __future__ import annotations

import sys


def main() -> int:
    from bot.slack.wsgi import StartupError, load_runtime

    try:
        _, srm = load_runtime()
    except StartupError as exc:
        print(f"srm: {exc}", file=sys.stderr, flush=True)
        return 1
    srm.close(timeout=1.0)
    srm.engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
