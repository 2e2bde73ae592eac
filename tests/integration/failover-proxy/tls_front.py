#!/usr/bin/env python3
"""A TLS front for integration tests: listens on 127.0.0.1 (ephemeral port), terminates TLS
with --cert/--key and relays each connection's bytes, unchanged, to the plain-TCP upstream
--upstream PORT on 127.0.0.1 (a provider-sim instance). One thread per connection; a failed
handshake (a client that does not trust the certificate) just closes that connection.

Writes "PORT\\n" to --ready-file (atomically) once listening, and exits by itself after
--lifetime seconds so a test that dies cannot leave it behind.

    tls_front.py --cert server.pem --key server.key --upstream 41234 --ready-file ready
"""
import argparse
import os
import select
import socket
import ssl
import sys
import threading


def write_ready(path, port):
    with open(path + ".tmp", "w") as out:
        out.write(f"{port}\n")
    os.replace(path + ".tmp", path)


def read_available(sock):
    """One recv, plus whatever TLS already decrypted (select cannot see that)."""
    data = sock.recv(65536)
    while data and isinstance(sock, ssl.SSLSocket) and sock.pending():
        data += sock.recv(sock.pending())
    return data


def relay(a, b):
    """Copies bytes both ways until either side closes or nothing moves for a minute."""
    while True:
        readable, _, _ = select.select([a, b], [], [], 60)
        if not readable:
            return
        for source in readable:
            data = read_available(source)
            if not data:
                return
            (b if source is a else a).sendall(data)


def serve(context, conn, upstream_port):
    try:
        conn.settimeout(10)  # bounds the handshake and the upstream connect
        with context.wrap_socket(conn, server_side=True) as tls:
            with socket.create_connection(("127.0.0.1", upstream_port), timeout=10) as plain:
                tls.settimeout(None)
                plain.settimeout(None)
                relay(tls, plain)
    except (OSError, ssl.SSLError) as error:
        print(f"tls_front: connection ended: {error}", file=sys.stderr, flush=True)
    finally:
        conn.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--upstream", type=int, required=True)
    parser.add_argument("--ready-file", required=True)
    parser.add_argument("--lifetime", type=float, default=120)
    args = parser.parse_args()

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)
    context.set_alpn_protocols(["http/1.1"])  # the relay speaks whatever the upstream speaks

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    threading.Timer(args.lifetime, lambda: os._exit(0)).start()
    write_ready(args.ready_file, listener.getsockname()[1])
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=serve, args=(context, conn, args.upstream), daemon=True).start()


if __name__ == "__main__":
    main()
