"""scripts/bench/faults: the fault matrix, pulse and keepalived in the same lab and the same run.

Each row is a fault, tried FAULT_RUNS times on a freshly started pair: the VIP's holders are
sampled every 10 ms over rtnetlink in both directors' namespaces from before the fault until
SETTLE seconds after it cleared. Per row and implementation: the runs that ended with exactly one
director holding the VIP within one deadtime of the fault clearing (and kept it so), the samples
with two holders, and the longest time with two and with zero holders.

Partitions and loss act between the two directors only (iptables in each director, matching the
other director's MAC): the client still reaches both. This kernel has no netem, so delay is not
among the faults.
"""
import json, os, random, signal, socket, subprocess, sys, tempfile, threading, time
from addresses import AddressReader
from failover_lab import Lab, PUB, PRIV, VIP, sh
from keepalived_nodes import KeepalivedNode
from pulse_nodes import PulseNode

SAMPLE = 0.01
KEEPALIVE, DEADTIME, ADVERT = 0.1, 0.3, 0.1
FAULT_SECONDS = 2.0
SETTLE = 2.0


class Sampler(threading.Thread):
    """Samples the VIP's holders every 10 ms until stopped: [(time, frozenset of holders)]."""

    def __init__(self, lab):
        super().__init__(daemon=True)
        self.readers = {n: AddressReader(lab.ns[n]) for n in ("d1", "d2")}
        self.samples = []
        self.running = True

    def holders(self):
        return frozenset(n for n, r in self.readers.items() if VIP in r.ipv4_addresses())

    def run(self):
        next_at = time.monotonic()
        while self.running:
            self.samples.append((time.monotonic(), self.holders()))
            next_at += SAMPLE
            time.sleep(max(0.0, next_at - time.monotonic()))

    def stop(self):
        self.running = False
        self.join()
        return self.samples


def longest(samples, predicate):
    """The longest stretch of consecutive samples for which `predicate(holders)` holds, in seconds."""
    best, start = 0.0, None
    for (t, holders), nxt in zip(samples, samples[1:] + [(samples[-1][0], None)]):
        if predicate(holders):
            start = t if start is None else start
            best = max(best, nxt[0] - start)
        else:
            start = None
    return best


# MARK: - Faults between the directors

def mac(lab, node, ifname):
    return sh("ip", "-n", lab.ns[node], "-o", "link", "show", ifname).split("link/ether ")[1].split()[0]


def between_directors(lab, ifname, loss=None):
    """Drops what each director receives from the other on the link `ifname` (matched by the
    sender's MAC, so the client is untouched), all of it or, with `loss` (0-1), that share at
    random. (This kernel has no netem, so delay is not among the faults.)"""
    for receiver, sender in (("d1", "d2"), ("d2", "d1")):
        rule = ["-i", ifname, "-m", "mac", "--mac-source", mac(lab, sender, ifname)]
        if loss is not None:
            rule += ["-m", "statistic", "--mode", "random", "--probability", str(loss)]
        sh("ip", "netns", "exec", lab.ns[receiver], "iptables", "-w", "-A", "INPUT", *rule, "-j", "DROP")


def clear_between_directors(lab):
    for receiver in ("d1", "d2"):
        subprocess.run(["ip", "netns", "exec", lab.ns[receiver], "iptables", "-w", "-F", "INPUT"], capture_output=True)


class Fault:
    """A fault: `inject(ctx)` at the fault, `clear(ctx)` when it ends (after FAULT_SECONDS)."""

    def __init__(self, name, inject, clear, applies=lambda implementation: True, note=""):
        self.name, self.inject, self.clear, self.applies, self.note = name, inject, clear, applies, note


def links(ifnames, loss=None):
    return (lambda c: [between_directors(c.lab, i, loss) for i in ifnames], lambda c: clear_between_directors(c.lab))


def heartbeat_processes(c):
    """The process that sends the active director's heartbeats: pulse itself; keepalived's VRRP
    child (its parent only supervises)."""
    node = c.nodes[c.active]
    if c.implementation == "pulse":
        return [node.proc.pid]
    out = subprocess.run(["pgrep", "-P", str(node.proc.pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def kill_active(c):
    c.killed = heartbeat_processes(c)
    for pid in c.killed:
        os.kill(pid, signal.SIGKILL)


def restart_active(c):
    # pulse is started again (as its init script or systemd would); keepalived's parent starts a
    # new VRRP child by itself.
    if c.implementation == "pulse":
        c.nodes[c.active].proc.wait()
        c.nodes[c.active].start()


def stop_active(c):
    c.stopped = heartbeat_processes(c)
    for pid in c.stopped:
        os.kill(pid, signal.SIGSTOP)


def continue_active(c):
    for pid in c.stopped:
        os.kill(pid, signal.SIGCONT)


def stress(c):
    c.extra = subprocess.Popen(["stress-ng", "--cpu", "8", "--io", "2", "--timeout", f"{FAULT_SECONDS + 1:.0f}s",
                                "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)


def end_extra(c):
    if c.extra and c.extra.poll() is None:
        os.killpg(c.extra.pid, signal.SIGKILL)
    if c.extra:
        c.extra.wait()
    c.extra = None


FLOOD = """
import os, socket, sys, time
kind, target, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
if kind == "udp":
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    address = (target, 539)
else:  # VRRP (IP protocol 112) to the VRRP group
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, 112)
    address = ("224.0.0.18", 0)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 255)
junk = [os.urandom(n) for n in (4, 20, 56, 88, 200)]
end, n = time.monotonic() + seconds, 0
while time.monotonic() < end:
    for j in junk:
        try:
            s.sendto(j, address)
        except OSError:
            pass
        n += 1
print(n)
"""


def flood(c):
    kind = "udp" if c.implementation == "pulse" else "vrrp"
    c.extra = c.lab.start("cl", [sys.executable, "-c", FLOOD, kind, PUB + ".1", str(FAULT_SECONDS)],
                          stdout=subprocess.PIPE)


def simultaneous_start(c):
    for n in c.nodes.values():
        n.stop()
    for n in c.nodes.values():
        n.start()


FAULTS = [
    Fault("partition public", *links(["eth0"]),
          note="keepalived's VRRP has the public path only: two masters"),
    Fault("partition private", *links(["eth1"]), applies=lambda i: i == "pulse",
          note="keepalived has no second path"),
    Fault("partition both", *links(["eth0", "eth1"]),
          note="no path left: each director believes the other dead"),
    Fault("loss 30% public", *links(["eth0"], 0.3)),
    Fault("loss 30% both", *links(["eth0", "eth1"], 0.3)),
    Fault("kill -9 active", kill_active, restart_active,
          note="the killed process's VIP stays on its interface"),
    Fault("SIGSTOP active", stop_active, continue_active,
          note="a stopped process cannot release its VIP"),
    Fault("simultaneous start", simultaneous_start, lambda c: None),
    Fault("CPU saturated", stress, end_extra),
    Fault("heartbeat flood", flood, end_extra),
]


class Context:
    def __init__(self, lab, nodes, implementation, active):
        self.lab, self.nodes, self.implementation, self.active = lab, nodes, implementation, active
        self.extra = None
        self.killed, self.stopped = [], []


def settle(lab, timeout=15.0):
    """Waits until exactly one director holds the VIP for 1 s; returns it."""
    sampler = Sampler(lab)
    end = time.monotonic() + timeout
    since, holder = None, None
    while time.monotonic() < end:
        holders = sampler.holders()
        if len(holders) == 1:
            current = next(iter(holders))
            if current != holder:
                since, holder = time.monotonic(), current
            if time.monotonic() - since >= 1.0:
                return holder
        else:
            since, holder = None, None
        time.sleep(0.02)
    raise RuntimeError(f"the VIP never settled on one director (holders {set(sampler.holders())})")


def run_once(lab, nodes, implementation, fault, rng, deadtime):
    ctx = None
    for n in nodes.values():
        n.start()
    try:
        active = settle(lab)
        ctx = Context(lab, nodes, implementation, active)
        sampler = Sampler(lab)
        sampler.start()
        time.sleep(0.3 + rng.uniform(0, 0.2))
        fault.inject(ctx)
        if fault.name != "simultaneous start":
            time.sleep(FAULT_SECONDS)
        cleared = time.monotonic()
        fault.clear(ctx)
        time.sleep(SETTLE)
        samples = sampler.stop()
    finally:
        for n in nodes.values():
            if n.proc and n.proc.poll() is None:
                os.killpg(n.proc.pid, signal.SIGCONT)
            n.stop()
        if ctx:
            end_extra(ctx)
        clear_between_directors(lab)
    after = [h for t, h in samples if t >= cleared + deadtime]
    return {
        "ended_with_one": bool(after) and all(len(h) == 1 for h in after) and len(set(after)) == 1,
        "two_samples": sum(1 for _, h in samples if len(h) == 2),
        "samples": len(samples),
        "longest_two": longest(samples, lambda h: len(h) == 2),
        "longest_zero": longest(samples, lambda h: len(h) == 0),
    }


def main():
    pulse_bin = sys.argv[1]
    runs = int(os.environ.get("FAULT_RUNS", "5"))
    only = [r for r in os.environ.get("FAULT_ROWS", "").split(",") if r]
    work = tempfile.mkdtemp(prefix="lvsfaults-")
    # Each run has its own directory: the daemons' configurations and logs (kept for a look afterwards).
    print(f"==> daemon configurations and logs in {work}", file=sys.stderr, flush=True)
    rng = random.Random(539)
    lab = Lab("fm")
    raw, lines = [], []
    try:
        for fault in FAULTS:
            if only and fault.name not in only:
                continue
            for implementation in ("pulse", "keepalived"):
                if not fault.applies(implementation):
                    continue
                if implementation == "pulse":
                    nodes = {n: PulseNode(lab, n, KEEPALIVE, DEADTIME, work, pulse_bin, key=True) for n in ("d1", "d2")}
                    deadtime = DEADTIME
                else:
                    nodes = {"d1": KeepalivedNode(lab, "d1", 150, ADVERT, work),
                             "d2": KeepalivedNode(lab, "d2", 100, ADVERT, work)}
                    deadtime = 3 * ADVERT + (256 - 100) / 256 * ADVERT  # VRRP's master down interval
                results = [run_once(lab, nodes, implementation, fault, rng, deadtime) for _ in range(runs)]
                raw.append({"fault": fault.name, "implementation": implementation, "runs": results})
                one = sum(r["ended_with_one"] for r in results)
                two = sum(r["two_samples"] for r in results)
                samples = sum(r["samples"] for r in results)
                longest_two = max(r["longest_two"] for r in results) * 1000
                longest_zero = max(r["longest_zero"] for r in results) * 1000
                line = (f"fault {fault.name:20} {implementation:10} one holder after {one}/{runs} runs; "
                        f"two holders in {two} of {samples} samples, longest {longest_two:.0f} ms; "
                        f"longest with none {longest_zero:.0f} ms")
                if fault.note and two:
                    line += f" ({fault.note})"
                print(line, flush=True)
                lines.append(line)
    finally:
        lab.teardown()
    out = os.environ.get("FAULT_RESULTS")
    if out:
        with open(out, "w") as f:
            json.dump({"runs": runs, "keepalive": KEEPALIVE, "deadtime": DEADTIME, "advert_int": ADVERT,
                       "results": raw, "lines": lines}, f, indent=1)


if __name__ == "__main__":
    main()
