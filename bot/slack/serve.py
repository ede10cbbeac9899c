"""`srm serve`: the WSGI app on a local threaded HTTP server, or Socket Mode.

For production run gunicorn on `bot.slack.wsgi:create_app()` (see the Procfile); this server is for
a single process on a developer's machine or a small install. It still takes a burst of
connections (a listen backlog of 1024, not socketserver's 5) and drops a client that sends nothing
for `SOCKET_TIMEOUT` seconds, so a stalled connection costs a thread for a bounded time. On SIGTERM
it stops accepting, then writes what the query log still holds before exiting.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from socketserver import ThreadingMixIn
from types import FrameType
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from bot.ops.querylog import DRAIN_SECONDS
from bot.runtime import Srm
from bot.slack.settings import SlackSettings

log = logging.getLogger(__name__)

BACKLOG = 1024  # the kernel caps it at net.core.somaxconn
SOCKET_TIMEOUT = 10.0  # seconds a client may stay silent mid-request (or idle between requests)


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = BACKLOG


class QuietHandler(WSGIRequestHandler):
    timeout = SOCKET_TIMEOUT  # StreamRequestHandler sets it on the connection

    def log_message(self, format: str, *args: object) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    def handle(self) -> None:
        try:
            super().handle()
        except (TimeoutError, ConnectionError):  # a silent or vanished client: just close
            self.close_connection = True


def make_http_server(srm: Srm, settings: SlackSettings, host: str, port: int) -> WSGIServer:
    from bot.slack.app import build_app
    from bot.slack.wsgi import build_wsgi_app

    wsgi_app = build_wsgi_app(build_app(srm, settings), srm, settings.signing_secret)
    return make_server(
        host, port, wsgi_app, server_class=ThreadingWSGIServer, handler_class=QuietHandler
    )


class _Stop(BaseException):
    """Raised in the main thread by SIGTERM to leave the serving loop (a BaseException, so that no
    `except Exception` on the way, in socketserver or slack_sdk, can swallow it)."""


def _stop(signum: int, frame: FrameType | None) -> None:
    raise _Stop


def serve_http(srm: Srm, settings: SlackSettings, host: str, port: int) -> None:
    server = make_http_server(srm, settings, host, port)
    log.info("srm listening on http://%s:%d/slack/events", host, server.server_port)
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        server.serve_forever()
    except _Stop:
        log.info("srm: SIGTERM, stopping")
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.server_close()
        srm.close(DRAIN_SECONDS)


def serve_socket_mode(srm: Srm, settings: SlackSettings) -> None:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.slack.app import build_app

    app = build_app(srm, settings)
    log.info("srm connecting to Slack over Socket Mode")
    handler = SocketModeHandler(app, settings.app_token)
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        handler.start()
    except _Stop:
        log.info("srm: SIGTERM, stopping")
        srm.close(DRAIN_SECONDS)
        # The Socket Mode client's worker threads (reconnecting, processing) can keep the
        # interpreter from exiting; with the queue written nothing is left to wait for.
        logging.shutdown()
        sys.stdout.flush()
        os._exit(0)
    finally:
        signal.signal(signal.SIGTERM, previous)
        srm.close(DRAIN_SECONDS)
