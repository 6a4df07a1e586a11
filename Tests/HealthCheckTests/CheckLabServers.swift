/// The real servers of the check lab, as one Python script the tests start inside the real
/// server's namespace: an HTTP(S) server whose paths answer 200, 503, a wrong body, or headers and
/// then nothing; and an SMTP responder that greets with 220 (or another code, to fail).
enum CheckLabServers {
    static let script = #"""
        import socket, ssl, sys, threading, time

        mode, address, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
        listener = socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((address, port))
        listener.listen(64)
        context = None
        if mode == "https":
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(sys.argv[4], sys.argv[5])

        def http(connection):
            request = b""
            while b"\r\n\r\n" not in request and len(request) < 8192:
                chunk = connection.recv(4096)
                if not chunk:
                    return
                request += chunk
            path = request.split(b" ")[1].decode()
            if path == "/ok":
                body = b"all good\n"
                connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body)
            elif path == "/fail":
                connection.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            elif path == "/body":
                body = b"maintenance\n"
                connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body)
            elif path == "/hang":
                connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\nonly ten b")
                time.sleep(30)
            else:
                connection.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

        def smtp(connection, greeting):
            connection.sendall(greeting.encode() + b"\r\n")
            if not greeting.startswith("220"):
                return
            data = b""
            while b"\r\n" not in data:
                chunk = connection.recv(1024)
                if not chunk:
                    return
                data += chunk
            connection.sendall(b"250-rs.lab.test\r\n250 SIZE 1000000\r\n")
            data = b""
            while b"\r\n" not in data:
                chunk = connection.recv(1024)
                if not chunk:
                    return
                data += chunk
            connection.sendall(b"221 bye\r\n")

        def handle(connection):
            try:
                if context is not None:
                    connection = context.wrap_socket(connection, server_side=True)
                connection.settimeout(35)
                if mode in ("http", "https"):
                    http(connection)
                else:
                    smtp(connection, sys.argv[4])
            except Exception:
                pass
            finally:
                connection.close()

        print("listening", flush=True)
        deadline = time.monotonic() + 600  # a test runs for seconds; never outlive it by long
        listener.settimeout(1)
        while time.monotonic() < deadline:
            try:
                connection, _ = listener.accept()
            except socket.timeout:
                continue
            threading.Thread(target=handle, args=(connection,), daemon=True).start()
        """#
}
