#!/usr/bin/env python3
"""An HTTP CONNECT proxy for integration tests: listens on 127.0.0.1 (ephemeral port), answers
"CONNECT 127.0.0.1:PORT" with 200 and then relays bytes both ways, one thread per connection.
Each CONNECT target is appended as a line to --log before the tunnel opens, so a test can tell
whether (and to where) a client went through the proxy. Only 127.0.0.1 targets are allowed
(403 otherwise); any other method gets 405.

Writes "PORT\\n" to --ready-file (atomically) once listening, and exits by itself after
--lifetime seconds so a test that dies cannot leave it behind.

    connect_proxy.py --log connects.log --ready-file ready
"""
import argparse
import os
import select
import socket
import sys
import threading

log_lock = threading.Lock()


def write_ready(path, port):
    with open(path + ".tmp", "w") as out:
        out.write(f"{port}\n")
    os.replace(path + ".tmp", path)


def read_head(conn):
    """The request head (up to the blank line) and any bytes that came after it."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk or len(data) > 65536:
            return None, b""
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    return head.decode("latin-1"), rest


def relay(a, b):
    """Copies bytes both ways until either side closes or nothing moves for a minute."""
    while True:
        readable, _, _ = select.select([a, b], [], [], 60)
        if not readable:
            return
        for source in readable:
            data = source.recv(65536)
            if not data:
                return
            (b if source is a else a).sendall(data)


def serve(conn, log_path):
    try:
        conn.settimeout(10)  # bounds reading the head and connecting the tunnel
        head, rest = read_head(conn)
        if head is None:
            return
        method, target, _ = (head.split("\r\n", 1)[0].split(" ") + ["", "", ""])[:3]
        if method != "CONNECT":
            conn.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
            return
        host, _, port = target.rpartition(":")
        with log_lock, open(log_path, "a") as log:
            log.write(target + "\n")
        if host != "127.0.0.1" or not port.isdigit():
            conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
            return
        with socket.create_connection((host, int(port)), timeout=10) as upstream:
            conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            if rest:
                upstream.sendall(rest)
            conn.settimeout(None)
            upstream.settimeout(None)
            relay(conn, upstream)
    except OSError as error:
        print(f"connect_proxy: connection ended: {error}", file=sys.stderr, flush=True)
    finally:
        conn.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--log", required=True)
    parser.add_argument("--ready-file", required=True)
    parser.add_argument("--lifetime", type=float, default=120)
    args = parser.parse_args()

    open(args.log, "a").close()  # exists (empty) even when nobody connects
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    threading.Timer(args.lifetime, lambda: os._exit(0)).start()
    write_ready(args.ready_file, listener.getsockname()[1])
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=serve, args=(conn, args.log), daemon=True).start()


if __name__ == "__main__":
    main()
