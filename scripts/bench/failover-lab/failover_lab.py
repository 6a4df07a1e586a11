"""Failover benchmark lab: two directors and a client on a public and a private bridge.

Measures the time from a fault on the active director until the VIP answers from the other one,
probed from the client every 5 ms with UDP datagrams that each director's responder answers.
"""
import ctypes, os, select, signal, socket, statistics, subprocess, sys, time

CLONE_NEWNET = 0x40000000
libc = ctypes.CDLL("libc.so.6", use_errno=True)
HERE = os.path.dirname(os.path.abspath(__file__))

PUB, PRIV = "10.50.0", "10.51.0"
VIP = PUB + ".100"
PORT = 7777


def sh(*args, check=True, **kw):
    r = subprocess.run(list(args), capture_output=True, text=True, **kw)
    if check and r.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: {r.stderr.strip()}")
    return r.stdout


class Lab:
    def __init__(self, tag="fo"):
        self.prefix = f"lvs{tag}{os.getpid()}"
        self.ns = {}
        self.procs = []
        for n in ("sw", "d1", "d2", "cl"):
            name = f"{self.prefix}-{n}"
            sh("ip", "netns", "add", name)
            sh("ip", "-n", name, "link", "set", "lo", "up")
            self.ns[n] = name
        for br in ("brpub", "brpriv"):
            sh("ip", "-n", self.ns["sw"], "link", "add", br, "type", "bridge", "forward_delay", "0")
            sh("ip", "-n", self.ns["sw"], "link", "set", br, "up")
        self.port_names = {}
        i = 0
        for node, nets in (("d1", [("eth0", "brpub", PUB + ".1/24"), ("eth1", "brpriv", PRIV + ".1/24")]),
                           ("d2", [("eth0", "brpub", PUB + ".2/24"), ("eth1", "brpriv", PRIV + ".2/24")]),
                           ("cl", [("eth0", "brpub", PUB + ".9/24")])):
            for ifname, br, addr in nets:
                i += 1
                a, b = f"lf{os.getpid() % 100000}{i}a", f"lf{os.getpid() % 100000}{i}b"
                sh("ip", "link", "add", a, "type", "veth", "peer", "name", b)
                sh("ip", "link", "set", a, "netns", self.ns[node], "name", ifname)
                sh("ip", "link", "set", b, "netns", self.ns["sw"])
                sh("ip", "-n", self.ns["sw"], "link", "set", b, "master", br, "up")
                sh("ip", "-n", self.ns[node], "addr", "add", addr, "dev", ifname)
                sh("ip", "-n", self.ns[node], "link", "set", ifname, "up")
                self.port_names[(node, ifname)] = b
        for d in ("d1", "d2"):
            self.procs.append(self.start(d, [sys.executable, os.path.join(HERE, "responder.py"), d, str(PORT)]))

    def start(self, node, argv, **kw):
        return subprocess.Popen(["ip", "netns", "exec", self.ns[node]] + argv,
                                stdin=subprocess.DEVNULL, start_new_session=True, **kw)

    def cut_links(self, node):
        """Cuts every link of `node` at the switch in one batch: the host 'dies' at one instant."""
        batch = "".join(f"link set {self.port_names[(node, i)]} down\n" for i in ("eth0", "eth1"))
        subprocess.run(["ip", "-n", self.ns["sw"], "-batch", "-"], input=batch, text=True, check=True)

    def restore_links(self, node):
        batch = "".join(f"link set {self.port_names[(node, i)]} up\n" for i in ("eth0", "eth1"))
        subprocess.run(["ip", "-n", self.ns["sw"], "-batch", "-"], input=batch, text=True, check=True)

    def vip_holders(self):
        """The directors that have the VIP on an interface now."""
        held = []
        for node in ("d1", "d2"):
            out = subprocess.run(["ip", "-n", self.ns[node], "-o", "-4", "addr", "show"], capture_output=True,
                                 text=True).stdout
            if f" {VIP}/" in out:
                held.append(node)
        return held

    def teardown(self):
        for p in self.procs:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            p.wait()
        for n in self.ns.values():
            subprocess.run(["ip", "netns", "delete", n], capture_output=True)


class Probe:
    """A UDP socket inside the client namespace that asks 'who answers the VIP?' every 5 ms."""

    def __init__(self, lab):
        own = os.open("/proc/self/ns/net", os.O_RDONLY)
        target = os.open(f"/run/netns/{lab.ns['cl']}", os.O_RDONLY)
        try:
            if libc.setns(target, CLONE_NEWNET) != 0:
                raise OSError(ctypes.get_errno(), "setns client")
            self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            self.sock.setblocking(False)
        finally:
            libc.setns(own, CLONE_NEWNET)
            os.close(own)
            os.close(target)
        self.seq = 0

    def watch(self, until, interval=0.005, on_start=None, deadline=5.0):
        """Probes every `interval`; `on_start()` runs after the first answer (it injects the fault
        and returns its time); returns (fault_time, [(t, node)]) once `until(node)` is true."""
        answers = []
        t0 = time.monotonic()
        fault_at = None
        next_send = t0
        while time.monotonic() - t0 < deadline:
            now = time.monotonic()
            if now >= next_send:
                self.seq += 1
                try:
                    self.sock.sendto(str(self.seq).encode(), (VIP, PORT))
                except OSError:
                    pass
                next_send += interval
            r, _, _ = select.select([self.sock], [], [], max(0.0, next_send - time.monotonic()))
            if r:
                try:
                    data, _ = self.sock.recvfrom(512)
                except OSError:
                    continue
                t = time.monotonic()
                node = data.split(b" ")[0].decode()
                answers.append((t, node))
                if fault_at is None and on_start is not None:
                    fault_at = on_start()
                    continue
                if (on_start is None or fault_at is not None) and until(node):
                    return fault_at, answers
        return fault_at, answers

    def who(self, deadline=10.0):
        _, answers = self.watch(lambda n: True, deadline=deadline)
        return answers[-1][1] if answers else None

    def steady(self, seconds=0.5, deadline=20.0, lab=None):
        """Waits until the VIP is answered by one node only for `seconds` (and, given the lab, is
        on that node's interface only, so no split is hidden behind the client's ARP entry);
        returns that node."""
        t_end = time.monotonic() + deadline
        while time.monotonic() < t_end:
            _, answers = self.watch(lambda n: False, deadline=seconds)
            nodes = {n for _, n in answers}
            if len(nodes) == 1 and len(answers) > seconds / 0.005 * 0.8:
                node = nodes.pop()
                if lab is None or lab.vip_holders() == [node]:
                    return node
        raise RuntimeError("VIP never settled on one director")


def percentile(values, p):
    s = sorted(values)
    k = (len(s) - 1) * p / 100
    f = int(k)
    c = min(f + 1, len(s) - 1)
    return s[f] + (s[c] - s[f]) * (k - f)
