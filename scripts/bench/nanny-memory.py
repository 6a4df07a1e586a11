#!/usr/bin/env python3
"""Starts COUNT nannies against loopback listeners and prints their memory, one line per figure.

Usage: nanny-memory.py NANNY_BINARY COUNT (scripts/bench/nanny-memory builds the binary first).

Every nanny gets its own socketpair end (--report-fd), a loopback HTTP-ish listener to check
(10 listeners shared round-robin) and a private syslog socket. The figures are taken once all of
them have reported UP. Every nanny is stopped by PID at the end, whatever happens.

Peer comparison: keepalived's checker process needs a kernel with IPVS (it fails to start its
virtual servers without it), and this host has none; run the same count of TCP_CHECKs in the
kernel VM to compare.
"""
import os, resource, selectors, signal, socket, subprocess, sys, tempfile, threading, time

binary, count = sys.argv[1], int(sys.argv[2])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 4 * count + 256)), hard))


def meminfo(field):
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])  # kB
    return 0


def rollup(pid):
    values = {}
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 3 and parts[2] == "kB":
                values[parts[0].rstrip(":")] = int(parts[1])
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(("VmPTE:", "Threads:")):
                key, value = line.split(":", 1)
                values[key] = int(value.split()[0])
    return values


# Loopback listeners: accept, answer, close. One thread, bounded by the stop flag.
stop = threading.Event()
listeners = []
selector = selectors.DefaultSelector()
for _ in range(10):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(1024)
    s.setblocking(False)
    selector.register(s, selectors.EVENT_READ)
    listeners.append(s)


def serve():
    while not stop.is_set():
        for key, _ in selector.select(timeout=0.2):
            for _ in range(64):
                try:
                    connection, _ = key.fileobj.accept()
                except BlockingIOError:
                    break
                try:
                    connection.send(b"HTTP/1.0 200 OK\r\n\r\n")
                except OSError:
                    pass
                connection.close()


server = threading.Thread(target=serve, daemon=True)
server.start()

scratch = tempfile.mkdtemp(prefix="lvs-bench-nanny-")
log_path = os.path.join(scratch, "log")
syslog = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
syslog.bind(log_path)
syslog.setblocking(False)


def drain_syslog():
    while True:
        try:
            syslog.recv(65536)
        except BlockingIOError:
            return


available_before = meminfo("MemAvailable")
nannies = []  # (process, our end of the socketpair)
try:
    started = time.monotonic()
    for index in range(count):
        ours, theirs = socket.socketpair()
        port = listeners[index % len(listeners)].getsockname()[1]
        process = subprocess.Popen(
            [binary, "-h", "127.0.0.1", "-p", str(port), "-x", "HTTP", "-t", "5", "-a", "0",
             "-w", "32", "--report-fd", str(theirs.fileno()), "--log-socket", log_path, "--lvs", "-c"],
            pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL)
        theirs.close()
        ours.setblocking(False)
        nannies.append((process, ours, bytearray()))
        if index % 50 == 49:
            drain_syslog()
    spawn_seconds = time.monotonic() - started

    # Wait (bounded) until every nanny has reported UP.
    deadline = time.monotonic() + 60
    up = set()
    while len(up) < count and time.monotonic() < deadline:
        drain_syslog()
        for index, (process, ours, buffer) in enumerate(nannies):
            if index in up:
                continue
            try:
                buffer += ours.recv(65536)
            except BlockingIOError:
                pass
            if b" UP " in buffer:
                up.add(index)
        time.sleep(0.1)
    if len(up) < count:
        print(f"only {len(up)} of {count} nannies reported UP within 60 s", file=sys.stderr)
    time.sleep(2)  # settle: a couple of check cycles after start-up
    drain_syslog()

    samples = [rollup(process.pid) for process, _, _ in nannies]
    available_after = meminfo("MemAvailable")

    def average(key):
        return sum(sample.get(key, 0) for sample in samples) / len(samples)

    uss = sum(s.get("Private_Clean", 0) + s.get("Private_Dirty", 0) for s in samples) / len(samples)
    print(f"nannies started: {count} in {spawn_seconds:.2f} s, {len(up)} reported UP")
    print(f"nanny PSS average: {average('Pss') / 1024:.3f} MB (target <= 1.5 MB)")
    print(f"nanny PSS total: {sum(s.get('Pss', 0) for s in samples) / 1024:.1f} MB for {count}")
    print(f"nanny RSS average: {average('Rss') / 1024:.2f} MB")
    print(f"nanny USS (private) average: {uss / 1024:.3f} MB")
    print(f"nanny anonymous average: {average('Anonymous') / 1024:.3f} MB")
    print(f"nanny page tables average: {average('VmPTE'):.0f} kB")
    print(f"nanny threads: {int(max(s.get('Threads', 0) for s in samples))} max")
    print(f"MemAvailable drop per nanny: {(available_before - available_after) / count / 1024:.2f} MB (noisy)")
    print(f"nanny binary: {os.path.getsize(binary) / 1e6:.1f} MB ({binary})")
finally:
    for process, ours, _ in nannies:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 10
    for process, ours, _ in nannies:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        ours.close()
    stop.set()
    server.join(timeout=2)
    syslog.close()
    os.unlink(log_path)
    os.rmdir(scratch)
    left = [p.pid for p, _, _ in nannies if p.poll() is None]
    print(f"nannies left running: {len(left)}")
