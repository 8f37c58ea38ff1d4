"""HEAD answered exactly like GET, without the body (RFC 9110 §9.3.2).

Flask runs a GET view for HEAD but leaves `request.method == "HEAD"`, so every view that
branches on `request.method == "GET"` (or validates a form unless the method is GET) took
the other branch: the vote page answered 422, the login page ignored a signed-in user. The
middleware hands the application a GET, then drops the body it produced (closing it, so a
streamed export releases its request context and its database cursor).

Views that act when opened (confirmation links, marked @writes) are not run for a HEAD: mail
scanners and link previewers probe links with HEAD, and a probe must not use up a one-time
link. They answer an empty 200 instead."""

from __future__ import annotations

from flask import Flask, Response, request

HEAD_FLAG = "moisess.head_request"


class HeadAsGet:
    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") != "HEAD":
            return self.wsgi_app(environ, start_response)
        environ["REQUEST_METHOD"] = "GET"
        environ[HEAD_FLAG] = True
        body = self.wsgi_app(environ, start_response)
        close = getattr(body, "close", None)
        if close is not None:
            close()
        return []


def install(app: Flask) -> None:
    app.wsgi_app = HeadAsGet(app.wsgi_app)

    @app.before_request
    def _probe_of_a_link_that_acts():
        view = app.view_functions.get(request.endpoint)
        if request.environ.get(HEAD_FLAG) and getattr(view, "writes_db", False):
            return Response(status=200, content_type="text/html; charset=utf-8")
        return None
