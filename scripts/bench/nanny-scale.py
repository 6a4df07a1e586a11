#!/usr/bin/env python3
"""lvsd --test-start with COUNT nannies against loopback listeners: memory, CPU, stop latency.

Usage: nanny-scale.py LVSD NANNY COUNT EVENTS WINDOW [--nanny-exec] [--https] (scripts/bench/nanny-scale
builds both). --nanny-exec: lvsd starts each nanny with exec instead of forking it from its fork
server. --https: the real servers speak HTTPS (an ECDSA certificate for bench.test made here with
openssl, asyncio's TLS) and lvs.cf checks them with check_type = https, http_path = /health and
tls_verify = 1 against that certificate.

Real servers are listeners on 127.42.X.Y:8080 answering "HTTP/1.0 200 OK" and closing; lvs.cf
has 10 virtual services of COUNT/10 servers each, timeout = 1, send/expect an HTTP probe. lvsd
runs in the foreground with --test-start (this host has no IPVS), its log on a pipe read here
with arrival times. A stop closes a listener (connections are then refused); its latency is the
time until lvsd logs "would apply: removing real server ... (127.42.X.Y:8080)".

Peer: keepalived's checker needs a kernel with IPVS (it cannot set up its virtual servers
without it), and this host has none; run the same count of TCP_CHECKs in the kernel VM to compare.
"""
import os, random, resource, selectors, signal, socket, subprocess, sys, tempfile, threading, time

lvsd_binary, nanny_binary = sys.argv[1], sys.argv[2]
count, events, window = int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
options = sys.argv[6:]
lvsd_extra = ["--nanny-exec"] if "--nanny-exec" in options else []
https = "--https" in options
services = 10 if count >= 10 else 1
per_service = count // services
count = per_service * services
TIMEOUT = 1

soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 4 * count + 1024)), hard))
ticks = os.sysconf("SC_CLK_TCK")


def address(index):
    return f"127.42.{index // 250}.{index % 250 + 1}"


def rollup(pid):
    values = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 3 and parts[2] == "kB":
                    values[parts[0].rstrip(":")] = int(parts[1])
    except OSError:
        pass
    return values


def cpu_ticks(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime, stime
    except (OSError, IndexError):
        return 0


def is_fork_server(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().split(b"\0")[1:2] == [b"--fork-server"]
    except OSError:
        return False


def children(parent):
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if int(fields[1]) == parent:
                found.append(int(entry))
        except (OSError, IndexError):
            pass
    return found


scratch = tempfile.mkdtemp(prefix="lvs-bench-scale-")
config_path = os.path.join(scratch, "lvs.cf")
syslog_path = os.path.join(scratch, "syslog")
run_dir = os.path.join(scratch, "run")

# The listeners (real servers), served by one thread: accept, answer, close.
selector = selectors.DefaultSelector()
listeners = {}
lock = threading.Lock()
stop_serving = threading.Event()
for index in range(0 if https else count):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((address(index), 8080))
    s.listen(128)
    s.setblocking(False)
    selector.register(s, selectors.EVENT_READ)
    listeners[index] = s
syslog = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
syslog.bind(syslog_path)
syslog.setblocking(False)
selector.register(syslog, selectors.EVENT_READ)


def serve():
    while not stop_serving.is_set():
        with lock:
            ready = selector.select(timeout=0.05)
            for key, _ in ready:
                if key.fileobj is syslog:
                    for _ in range(256):
                        try:
                            syslog.recv(65536)
                        except BlockingIOError:
                            break
                    continue
                for _ in range(64):
                    try:
                        connection, _ = key.fileobj.accept()
                    except (BlockingIOError, OSError):
                        break
                    try:
                        connection.send(b"HTTP/1.0 200 OK\r\n\r\n")
                    except OSError:
                        pass
                    connection.close()
        time.sleep(0)


server = threading.Thread(target=serve, daemon=True)
server.start()

# HTTPS real servers: one asyncio loop in a thread, one TLS listener per real server.
tls_loop = None
tls_servers = {}
certificate = os.path.join(scratch, "bench.pem")
if https:
    import asyncio, ssl

    key = os.path.join(scratch, "bench.key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", key, "-out", certificate, "-days", "2", "-subj", "/CN=bench.test",
                    "-addext", "subjectAltName=DNS:bench.test"], check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate, key)
    tls_loop = asyncio.new_event_loop()

    async def answer(reader, writer):
        try:
            await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
            await writer.drain()
        except Exception:
            pass
        writer.close()

    async def start_listeners():
        for index in range(count):
            tls_servers[index] = await asyncio.start_server(
                answer, address(index), 8080, ssl=context, backlog=128, reuse_address=True)

    tls_loop.run_until_complete(start_listeners())
    threading.Thread(target=tls_loop.run_forever, daemon=True).start()


def stop_listener(index):
    """Closes real server `index` (connections are then refused); returns when it is closed."""
    if https:
        done = threading.Event()

        def close():
            tls_servers.pop(index).close()
            done.set()

        tls_loop.call_soon_threadsafe(close)
        done.wait(5)
        return
    with lock:
        s = listeners.pop(index)
        selector.unregister(s)
        s.close()

with open(config_path, "w") as f:
    f.write("primary = 192.0.2.1\nnetwork = direct\n\n")
    for v in range(services):
        f.write(f"virtual web{v} {{\n    active = 1\n    address = 192.0.2.{v + 10} eth0:{v}\n    port = 80\n")
        f.write(f"    timeout = {TIMEOUT}\n    reentry = 10\n")
        if https:
            f.write("    check_type = https\n    http_path = /health\n    tls_server_name = bench.test\n")
            f.write(f"    tls_verify = 1\n    tls_ca_file = {certificate}\n")
        else:
            f.write('    send = "GET / HTTP/1.0\\r\\n\\r\\n"\n    expect = "HTTP"\n')
        for i in range(per_service):
            index = v * per_service + i
            f.write(f"    server rs{index} {{\n        address = {address(index)}\n        port = 8080\n"
                    f"        active = 1\n        weight = 1\n    }}\n")
        f.write("}\n")

# lvsd's log, line by line with arrival times.
log_lines = []  # (monotonic, text)
log_lock = threading.Lock()
lvsd = subprocess.Popen(
    [lvsd_binary, "-n", "-t", "-c", config_path, "--runtime-directory", run_dir, "--nanny", nanny_binary,
     "--log-socket", syslog_path] + lvsd_extra,
    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def read_log():
    for raw in lvsd.stderr:
        stamp = time.monotonic()
        with log_lock:
            log_lines.append((stamp, raw.decode(errors="replace").rstrip("\n")))


reader = threading.Thread(target=read_log, daemon=True)
reader.start()


def lines_containing(text, since=0):
    with log_lock:
        return [(t, line) for t, line in log_lines[since:] if text in line]


nanny_pids = []
try:
    started = time.monotonic()
    deadline = started + 180
    up = 0
    while time.monotonic() < deadline and lvsd.poll() is None:
        up = len(lines_containing("would apply: adding real server"))
        if up >= count:
            break
        time.sleep(0.2)
    if up < count:
        with log_lock:
            tail = "\n".join(line for _, line in log_lines[-20:])
        sys.exit(f"only {up} of {count} real servers came up within 180 s; lvsd log tail:\n{tail}")
    kind = "HTTPS (TLS 1.3, ECDSA, verified)" if https else "HTTP"
    print(f"nanny-scale: {count} real servers ({services} virtual services), loopback {kind} listeners, timeout = {TIMEOUT} s")
    print("lvsd runs with --test-start: this host has no IPVS, so operations are logged, not applied; latency is to that log line")
    print(f"start-up: all {count} servers in the (test) table {time.monotonic() - started:.1f} s after lvsd started")

    all_children = children(lvsd.pid)
    fork_servers = [pid for pid in all_children if is_fork_server(pid)]
    nanny_pids = [pid for pid in all_children if pid not in fork_servers]
    time.sleep(3)  # settle: a few check rounds after start-up

    # Memory.
    lvsd_pss = rollup(lvsd.pid).get("Pss", 0)
    server_pss = sum(rollup(pid).get("Pss", 0) for pid in fork_servers)
    nanny_pss = [rollup(pid).get("Pss", 0) for pid in nanny_pids]
    how = "forked from the fork server" if fork_servers else "each started with exec (--nanny-exec)"
    print(f"nannies: {len(nanny_pids)}, {how}")
    print(f"PSS lvsd + {len(nanny_pids)} nannies{' + fork server' if fork_servers else ''}: "
          f"{(lvsd_pss + server_pss + sum(nanny_pss)) / 1024:.1f} MB")
    print(f"PSS lvsd: {lvsd_pss / 1024:.2f} MB")
    if fork_servers:
        print(f"PSS fork server: {server_pss / 1024:.2f} MB")
    print(f"PSS per nanny: {sum(nanny_pss) / max(1, len(nanny_pss)) / 1024:.3f} MB mean, {max(nanny_pss) / 1024:.3f} MB max")

    # CPU over a steady window.
    before_lvsd = cpu_ticks(lvsd.pid)
    before_nannies = sum(cpu_ticks(pid) for pid in nanny_pids)
    window_start = time.monotonic()
    time.sleep(window)
    elapsed = time.monotonic() - window_start
    lvsd_cpu = (cpu_ticks(lvsd.pid) - before_lvsd) / ticks / elapsed * 100
    nanny_cpu = (sum(cpu_ticks(pid) for pid in nanny_pids) - before_nannies) / ticks / elapsed * 100
    print(f"CPU lvsd + nannies over {elapsed:.0f} s steady: {lvsd_cpu + nanny_cpu:.1f} % of one core")
    print(f"CPU lvsd: {lvsd_cpu:.2f} % of one core")
    print(f"CPU per nanny: {nanny_cpu / max(1, len(nanny_pids)):.3f} % of one core")

    # Stop latency: close listeners one at a time, at random offsets from the check rhythm.
    order = random.Random(42).sample(range(count), min(events, count))
    stops = {}
    for index in order:
        time.sleep(0.25 + random.random() * 0.1)
        stops[index] = time.monotonic()
        stop_listener(index)
    deadline = time.monotonic() + TIMEOUT + 5
    latencies = {}
    while time.monotonic() < deadline and len(latencies) < len(stops):
        for stamp, line in lines_containing("would apply: removing real server"):
            for index, stopped in stops.items():
                if index not in latencies and stamp >= stopped and f"({address(index)}:8080)" in line:
                    latencies[index] = stamp - stopped
        time.sleep(0.1)
    values = sorted(v * 1000 for v in latencies.values())
    if not values:
        sys.exit("no stop was applied")

    def percentile(p):
        return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]

    target = TIMEOUT * 1000 + 200
    print(f"stop -> lvsd applies over {len(values)} of {len(stops)} stops: p50 {percentile(50):.0f} ms, "
          f"p99 {percentile(99):.0f} ms, max {values[-1]:.0f} ms (target p99 <= {target} ms: "
          f"{'met' if percentile(99) <= target else 'NOT met'})")
    print("peer: keepalived's checker needs a kernel with IPVS and cannot run on this host; not compared")
finally:
    if lvsd.poll() is None:
        lvsd.send_signal(signal.SIGTERM)
        try:
            lvsd.wait(timeout=30)
        except subprocess.TimeoutExpired:
            lvsd.kill()
            lvsd.wait()
    # A nanny still running after lvsd stopped is ours only if its command line names this run's
    # syslog socket (a PID may have been reused by then).
    def ours(pid):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                return syslog_path.encode() in f.read()
        except OSError:
            return False

    for pid in nanny_pids:
        if ours(pid):
            os.kill(pid, signal.SIGKILL)
    stop_serving.set()
    server.join(timeout=2)
    for s in listeners.values():
        s.close()
    if tls_loop is not None:
        for index in list(tls_servers):
            stop_listener(index)
        tls_loop.call_soon_threadsafe(tls_loop.stop)
    syslog.close()
    for path in (config_path, syslog_path):
        try:
            os.unlink(path)
        except OSError:
            pass
    subprocess.run(["rm", "-rf", scratch])
    left = [pid for pid in nanny_pids if ours(pid)]
    print(f"left running: lvsd {'no' if lvsd.poll() is not None else 'YES'}, nannies {len(left)}")
