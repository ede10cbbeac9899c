"""`srm serve`: the WSGI app on a local threaded HTTP server, or Socket Mode.

For production run gunicorn on `bot.slack.wsgi:create_app()` (see the Procfile); this server is for
a single process on a developer's machine or a small install.
"""

from __future__ import annotations

import logging
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from bot.runtime import Srm
from bot.slack.settings import SlackSettings

log = logging.getLogger(__name__)


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        log.debug("%s %s", self.address_string(), format % args)


def make_http_server(srm: Srm, settings: SlackSettings, host: str, port: int) -> WSGIServer:
    from bot.slack.app import build_app
    from bot.slack.wsgi import build_wsgi_app

    wsgi_app = build_wsgi_app(build_app(srm, settings), srm, settings.signing_secret)
    return make_server(
        host, port, wsgi_app, server_class=ThreadingWSGIServer, handler_class=QuietHandler
    )


def serve_http(srm: Srm, settings: SlackSettings, host: str, port: int) -> None:
    server = make_http_server(srm, settings, host, port)
    log.info("srm listening on http://%s:%d/slack/events", host, server.server_port)
    try:
        server.serve_forever()
    finally:
        server.server_close()


def serve_socket_mode(srm: Srm, settings: SlackSettings) -> None:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.slack.app import build_app

    app = build_app(srm, settings)
    log.info("srm connecting to Slack over Socket Mode")
    SocketModeHandler(app, settings.app_token).start()
