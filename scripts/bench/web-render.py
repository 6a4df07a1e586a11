#!/usr/bin/env python3
"""The body of scripts/bench/web-render, run inside its network namespace.

lvsweb shares one report of pulse and lvsd between pages and scrapes and renews it every 2 s
while somebody watches (ReportCache); the timed requests therefore measure what a watching admin
or a scraping Prometheus sees, and the "unwatched" figure a request that waits for the daemons.

Usage: web-render.py PRODUCTS_DIR COUNT

Writes an lvs.cf of COUNT virtual services (one VIP, ports 10001...) with 4 real servers each
(127.42.0.1-4 on the service's port, answering "HTTP/1.0 200 OK"), starts pulse (which starts lvsd
--test-start through a wrapper, and lvsd its nannies) and lvsweb, waits until lvsd reports every
real server up, logs in, and times 30 fetches of each page over HTTP on loopback.
"""
import http.cookiejar, json, os, resource, selectors, signal, socket, statistics, subprocess, sys, tempfile
import threading, time, urllib.parse, urllib.request

products, count = sys.argv[1], int(sys.argv[2])
SERVERS = 4
REQUESTS = 30
PORT = 3636

soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 3 * count * SERVERS + 4096)), hard))

scratch = tempfile.mkdtemp(prefix="lvs-bench-web-")
config = os.path.join(scratch, "lvs.cf")
lines = ["primary = 192.0.2.1", "service = lvs", "backup_active = 0", "keepalive = 1", "deadtime = 2",
         "network = direct", ""]
for index in range(count):
    port = 10001 + index
    lines += [f"virtual s{index:04d} {{", "    active = 1", "    address = 192.0.2.100 eth0:1",
              "    vip_nmask = 255.255.255.0", f"    port = {port}", "    protocol = tcp", "    scheduler = wlc",
              "    timeout = 5", "    reentry = 1"]
    for server in range(SERVERS):
        lines += [f"    server r{server + 1} {{", f"        address = 127.42.0.{server + 1}", "        active = 1",
                  f"        weight = {server + 1}", "    }"]
    lines += ["}", ""]
with open(config, "w") as f:
    f.write("\n".join(lines))

# The real servers: one thread, accept, answer, close.
selector = selectors.DefaultSelector()
stop = threading.Event()
for index in range(count):
    for server in range(SERVERS):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((f"127.42.0.{server + 1}", 10001 + index))
        s.listen(64)
        s.setblocking(False)
        selector.register(s, selectors.EVENT_READ)


def serve():
    while not stop.is_set():
        for key, _ in selector.select(timeout=0.05):
            try:
                connection, _ = key.fileobj.accept()
                connection.setblocking(True)
                connection.settimeout(0.5)
                try:
                    connection.recv(4096)
                except OSError:
                    pass
                connection.sendall(b"HTTP/1.0 200 OK\r\n\r\n")
                connection.close()
            except OSError:
                pass


threading.Thread(target=serve, daemon=True).start()

wrapper = os.path.join(scratch, "lvsd")
with open(wrapper, "w") as f:
    f.write(f"#!/bin/sh\nexec {products}/lvsd --test-start \"$@\"\n")
os.chmod(wrapper, 0o755)
password_file = os.path.join(scratch, "lvsweb.passwd")
token_file = os.path.join(scratch, "metrics.token")
subprocess.run([f"{products}/lvsweb", "passwd", "--password-file", password_file], input=b"benchmark password\n",
               check=True, stdout=subprocess.DEVNULL)
token = subprocess.run([f"{products}/lvsweb", "metrics-token", "--file", token_file], check=True,
                       capture_output=True).stdout.decode().strip()
run = os.path.join(scratch, "run")
lvsd_run = os.path.join(scratch, "lvsd-run")
log = open(os.path.join(scratch, "daemons.log"), "w")
started = []


def start(arguments):
    process = subprocess.Popen(arguments, stdout=log, stderr=log)
    started.append(process)
    return process


def exchange(path):
    """One status request over a daemon's control socket: the raw answer line."""
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.settimeout(10)
    try:
        client.connect(path)
        client.sendall(b'{"command":"status"}\n')
        data = b""
        while not data.endswith(b"\n"):
            chunk = client.recv(1 << 20)
            if not chunk:
                break
            data += chunk
        return data
    finally:
        client.close()


def lvsd_status():
    try:
        return json.loads(exchange(os.path.join(lvsd_run, "lvsd.sock"))).get("result")
    except (OSError, ValueError):
        return None


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


try:
    begin = time.monotonic()
    start([f"{products}/pulse", "-n", "-c", config, "--runtime-directory", run, "--lvsd", wrapper,
           "--lvsd-runtime-directory", lvsd_run])
    start([f"{products}/lvsweb", "-n", "--port", str(PORT), "--password-file", password_file, "-c", config,
           "--pulse-socket", os.path.join(run, "pulse.sock"), "--lvsd-socket", os.path.join(lvsd_run, "lvsd.sock"),
           "--metrics-token-file", token_file])
    up = 0
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        status = lvsd_status()
        if status:
            up = sum(1 for service in status["services"] for server in service["realServers"]
                     if server["health"] == "up")
            if up == count * SERVERS:
                break
        time.sleep(1)
    print(f"setup: {count} virtual services x {SERVERS} real servers, {up} up after {time.monotonic() - begin:.0f} s "
          f"(pulse, lvsd --test-start, {count * SERVERS} nannies)", flush=True)
    if up != count * SERVERS:
        sys.exit(f"error: only {up} of {count * SERVERS} real servers came up; log: {log.name}")

    # What lvsweb waits for on each page: the daemons' answers (their share of the page's time).
    for daemon, path in [("lvsd", os.path.join(lvsd_run, "lvsd.sock")), ("pulse", os.path.join(run, "pulse.sock"))]:
        times = []
        for _ in range(REQUESTS):
            t0 = time.perf_counter()
            size = len(exchange(path))
            times.append((time.perf_counter() - t0) * 1000)
        print(f"{daemon} status over its control socket (part of each page): p50 {statistics.median(times):.1f} ms, "
              f"p95 {percentile(times, 0.95):.1f} ms, {size / 1e6:.2f} MB", flush=True)

    cookies = http.cookiejar.CookieJar()

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args):
            return None

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies), NoRedirect)
    base = f"http://127.0.0.1:{PORT}"
    body = urllib.parse.urlencode({"user": "piranha", "password": "benchmark password"}).encode()
    try:
        opener.open(base + "/login", data=body, timeout=30)
    except urllib.error.HTTPError as error:
        if error.code != 303:
            raise

    def fetch(path, headers=None):
        request = urllib.request.Request(base + path, headers=headers or {})
        t0 = time.perf_counter()
        with opener.open(request, timeout=30) as response:
            data = response.read()
            status = response.status
        return time.perf_counter() - t0, len(data), status, data

    # The first page after a quiet spell: nobody has watched for longer than lvsweb keeps the
    # shared report fresh (30 s), so this request waits for pulse and lvsd (their figures above),
    # decodes their answer and renders.
    times = []
    for _ in range(3):
        time.sleep(36)
        took, size, status, _ = fetch("/")
        times.append(took * 1000)
    print(f"lvsweb monitoring page / after 36 s unwatched (asks the daemons anew): "
          f"{', '.join(f'{t:.0f}' for t in times)} ms, {size / 1e6:.2f} MB (3 requests)", flush=True)

    figures = [("monitoring page /", "/", None, 200), ("live fragment /monitor/live", "/monitor/live", None, 200),
               ("virtual servers list /config/virtual-servers", "/config/virtual-servers", None, 200),
               ("/metrics", "/metrics", {"Authorization": f"Bearer {token}"}, 50)]
    for name, path, headers, target in figures:
        fetch(path, headers)  # warm
        times, size, check = [], 0, b""
        for _ in range(REQUESTS):
            took, size, status, data = fetch(path, headers)
            if status != 200:
                sys.exit(f"error: {path} answered {status}")
            times.append(took * 1000)
            check = data
        shown = check.count(b'class="server"')
        if path == "/" and shown != count * SERVERS:
            sys.exit(f"error: the page shows {shown} real servers, not {count * SERVERS}")
        p50, p95 = statistics.median(times), percentile(times, 0.95)
        verdict = "met" if p95 <= target else "MISSED"
        print(f"lvsweb {name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms, {size / 1e6:.2f} MB "
              f"({REQUESTS} requests; target <= {target} ms: {verdict}; peer: none, see the script)", flush=True)
finally:
    for process in reversed(started):
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in reversed(started):
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
    stop.set()
