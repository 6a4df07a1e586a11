"""scripts/bench/lowest-deadtime: the fastest heartbeat settings that stay quiet under load.

For each setting, fastest last, pulse (signed heartbeats on two paths) and keepalived (VRRPv3) run
in the failover lab for LOWEST_SECONDS while both cores are saturated (stress-ng, more workers than
cores, CPU and I/O) and junk floods the heartbeat port (junk VRRP for keepalived) from the
client. Counted: VIP owner changes and samples with two holders (sampled every 10 ms over
rtnetlink); a setting is safe when both are zero. Then, at each safe setting, LOWEST_TRIALS host
deaths (both links of the active director cut at once): the time until the other holds the VIP.
"""
import os, random, signal, statistics, subprocess, sys, tempfile, time
from faults import FLOOD, Sampler, settle
from failover_lab import Lab, PUB, percentile
from keepalived_nodes import KeepalivedNode
from pulse_nodes import PulseNode

SETTINGS = [  # (pulse keepalive, pulse deadtime, keepalived advert_int)
    (0.05, 0.15, 0.05),
    (0.03, 0.09, 0.03),
    (0.02, 0.06, 0.02),
]


def loaded(lab, implementation, seconds):
    """Starts the CPU load and the flood; returns the processes to end."""
    stress = subprocess.Popen(["stress-ng", "--cpu", "6", "--io", "2", "--timeout", f"{seconds + 5:.0f}s", "--quiet"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    kind = "udp" if implementation == "pulse" else "vrrp"
    flood = lab.start("cl", [sys.executable, "-c", FLOOD, kind, PUB + ".1", str(seconds + 5)],
                      stdout=subprocess.DEVNULL)
    return [stress, flood]


def end(processes):
    for p in processes:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
        p.wait()


def quiet_under_load(lab, nodes, implementation, seconds):
    """Returns (changes of the holders, samples with two holders, samples) over `seconds` of load."""
    for n in nodes.values():
        n.start()
    load = []
    try:
        settle(lab)
        load = loaded(lab, implementation, seconds)
        sampler = Sampler(lab)
        sampler.start()
        time.sleep(seconds)
        samples = sampler.stop()
    finally:
        end(load)
        for n in nodes.values():
            n.stop()
    holders = [h for _, h in samples]
    changes = sum(1 for a, b in zip(holders, holders[1:]) if a != b)
    two = sum(1 for h in holders if len(h) == 2)
    return changes, two, len(holders)


def host_deaths(lab, nodes, trials, rng):
    """Cuts the active director's links `trials` times; the times until the other holds the VIP (ms)."""
    results = []
    for n in nodes.values():
        n.start()
    try:
        for _ in range(trials):
            active = settle(lab)
            other = "d2" if active == "d1" else "d1"
            time.sleep(rng.uniform(0, 0.1))
            sampler = Sampler(lab)
            cut = time.monotonic()
            lab.cut_links(active)
            took = None
            while time.monotonic() - cut < 3:
                if other in sampler.holders():
                    took = (time.monotonic() - cut) * 1000
                    break
                time.sleep(0.001)
            results.append(took)
            # The dead director's VIP stays on its interface (its links are cut, it is "dead"):
            # stop everything and start again, as a rebooted host would.
            lab.restore_links(active)
            for n in nodes.values():
                n.stop()
            for n in nodes.values():
                n.start()
    finally:
        for n in nodes.values():
            n.stop()
    return results


def main():
    pulse_bin = sys.argv[1]
    chosen = os.environ.get("LOWEST_SETTINGS")  # e.g. "0.02/0.06/0.02,0.05/0.15/0.05"
    settings = [tuple(float(x) for x in item.split("/")) for item in chosen.split(",")] if chosen else SETTINGS
    seconds = float(os.environ.get("LOWEST_SECONDS", "600"))
    trials = int(os.environ.get("LOWEST_TRIALS", "10"))
    work = tempfile.mkdtemp(prefix="lvslowest-")
    # Each run has its own directory: the daemons' configurations and logs (kept for a look afterwards).
    print(f"==> daemon configurations and logs in {work}", file=sys.stderr, flush=True)
    rng = random.Random(539)
    lab = Lab("ld")
    try:
        for keepalive, deadtime, advert in settings:
            for implementation in ("pulse", "keepalived"):
                if implementation == "pulse":
                    nodes = {n: PulseNode(lab, n, keepalive, deadtime, work, pulse_bin, key=True) for n in ("d1", "d2")}
                    label = f"pulse keepalive {keepalive} / deadtime {deadtime}"
                else:
                    nodes = {"d1": KeepalivedNode(lab, "d1", 150, advert, work),
                             "d2": KeepalivedNode(lab, "d2", 100, advert, work)}
                    label = f"keepalived advert_int {advert}"
                changes, two, samples = quiet_under_load(lab, nodes, implementation, seconds)
                safe = changes == 0 and two == 0
                line = (f"lowest-deadtime {label}: {seconds:.0f} s with both cores saturated and the heartbeat port "
                        f"flooded: {changes} VIP owner changes, two holders in {two} of {samples} samples "
                        f"({'safe' if safe else 'NOT safe'})")
                if safe:
                    times = [t for t in host_deaths(lab, nodes, trials, rng) if t is not None]
                    if times:
                        line += (f"; host death: other director holds the VIP after median {statistics.median(times):.0f} ms, "
                                 f"p95 {percentile(times, 95):.0f} ms (n={len(times)}/{trials})")
                print(line, flush=True)
    finally:
        lab.teardown()


if __name__ == "__main__":
    main()
