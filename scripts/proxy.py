"""Tiny round-robin HTTP reverse proxy for local tests of several app servers (scripts/stack.sh).

Not for production (nginx does this there: deploy/nginx.conf). One connection to a backend
per request (Connection: close), request and response bodies streamed as they come.
Adds X-Forwarded-For / X-Forwarded-Proto like nginx, so ProxyFix (PROXY_COUNT=1) works.

    python scripts/proxy.py --listen 127.0.0.1:8000 127.0.0.1:8001 127.0.0.1:8002
"""

from __future__ import annotations

import argparse
import asyncio
import itertools

HOP_BY_HOP = {
    b"connection",
    b"keep-alive",
    b"proxy-connection",
    b"te",
    b"trailer",
    b"upgrade",
    b"transfer-encoding",
}


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while chunk := await reader.read(65536):
            writer.write(chunk)
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        pass


class Proxy:
    def __init__(self, backends: list[tuple[str, int]]):
        self._next = itertools.cycle(backends)

    async def handle(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter):
        peer = client_w.get_extra_info("peername")[0]
        try:
            head = await client_r.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            client_w.close()
            return
        lines = head[:-4].split(b"\r\n")
        headers = [
            line
            for line in lines[1:]
            if line.split(b":", 1)[0].strip().lower() not in HOP_BY_HOP
            and not line.lower().startswith(b"x-forwarded-")
        ]
        chunked = any(
            line.lower().startswith(b"transfer-encoding:") and b"chunked" in line.lower()
            for line in lines[1:]
        )
        if chunked:
            headers.append(b"Transfer-Encoding: chunked")
        headers += [b"X-Forwarded-For: " + peer.encode(), b"X-Forwarded-Proto: http", b"Connection: close"]
        host, port = next(self._next)
        try:
            back_r, back_w = await asyncio.open_connection(host, port)
        except OSError:
            client_w.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            await client_w.drain()
            client_w.close()
            return
        back_w.write(b"\r\n".join([lines[0], *headers]) + b"\r\n\r\n")
        # The client's body (if any) and the backend's answer flow concurrently; the client
        # connection is closed after one exchange (Connection: close from the backend).
        upload = asyncio.create_task(_pipe(client_r, back_w))
        await _pipe(back_r, client_w)
        upload.cancel()
        for w in (back_w, client_w):
            try:
                w.close()
            except Exception:
                pass


def _address(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    return host or "127.0.0.1", int(port)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", default="127.0.0.1:8000")
    parser.add_argument("backends", nargs="+")
    args = parser.parse_args()
    host, port = _address(args.listen)
    proxy = Proxy([_address(b) for b in args.backends])
    server = await asyncio.start_server(proxy.handle, host, port, limit=65536)
    print(f"proxy on http://{host}:{port} -> {', '.join(args.backends)}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
