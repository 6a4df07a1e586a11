"""scripts/bench/failover: pulse and keepalived in one lab, the same trials, side by side.

For each setting (pulse keepalive/deadtime against keepalived VRRPv3 advert_int), 20 trials of
host death (both of the active director's links cut at the switch in one batch) and 20 of SIGTERM,
for each implementation; the time from the fault until the VIP answers from the other director,
probed from the client every 5 ms. Then 60 s idle at the fastest setting, counting failovers.
"""
import json, os, random, statistics, sys, tempfile, time
from failover_lab import Lab, Probe, percentile
from keepalived_nodes import KeepalivedNode
from pulse_nodes import PulseNode

SETTINGS = [  # (pulse keepalive, pulse deadtime, keepalived advert_int)
    (0.1, 0.3, 0.1),
    (0.05, 0.15, 0.05),
]


# The fault lands at a random moment of the heartbeat (advert) cycle: without this pause the trial
# loop, whose every step follows the last takeover, locks onto the cycle and measures one phase.
PHASE = random.Random(539)


def trials(lab, probe, nodes, kind, count):
    """Runs `count` trials of `kind` ("death" or "sigterm"); returns the times in ms (None: no takeover)."""
    results = []
    for _ in range(count):
        active = probe.steady(lab=lab)
        other = "d2" if active == "d1" else "d1"
        time.sleep(PHASE.uniform(0, 0.25))

        def fault():
            at = time.monotonic()
            if kind == "death":
                lab.cut_links(active)
            else:
                nodes[active].sigterm()
            return at

        at, answers = probe.watch(lambda n: n == other, on_start=fault, deadline=10)
        first = next((t for t, n in answers if n == other and t >= at), None)
        results.append((first - at) * 1000 if first else None)
        if kind == "death":
            lab.restore_links(active)
        else:
            nodes[active].wait_exit()
            nodes[active].stop()
            nodes[active].start()
        time.sleep(0.3)
    return results


def idle(lab, probe, nodes, seconds, marker):
    """Watches `seconds` of idle time; returns (VIP owner changes seen by the client, `marker`
    lines the directors logged)."""
    probe.steady(lab=lab)
    before = sum(n.count(marker) for n in nodes.values())
    owners = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        _, answers = probe.watch(lambda n: False, deadline=min(5.0, end - time.monotonic()))
        owners += [n for _, n in answers]
    changes = sum(1 for a, b in zip(owners, owners[1:]) if a != b)
    return changes, sum(n.count(marker) for n in nodes.values()) - before


def summary(values):
    ok = [v for v in values if v is not None]
    if not ok:
        return None, None, 0
    return statistics.median(ok), percentile(ok, 95), len(ok)


def main():
    pulse_bin = sys.argv[1]
    count = int(os.environ.get("FAILOVER_TRIALS", "20"))
    idle_seconds = float(os.environ.get("FAILOVER_IDLE_SECONDS", "60"))
    work = tempfile.mkdtemp(prefix="lvsfo-")
    # Each run has its own directory: the daemons' configurations and logs (kept for a look afterwards).
    print(f"==> daemon configurations and logs in {work}", file=sys.stderr, flush=True)
    lab = Lab("fb")
    raw = {"trials": count, "results": []}
    lines = []
    try:
        probe = Probe(lab)
        for keepalive, deadtime, advert in SETTINGS:
            implementations = {
                "pulse": ({n: PulseNode(lab, n, keepalive, deadtime, work, pulse_bin) for n in ("d1", "d2")},
                          f"keepalive {keepalive} deadtime {deadtime}"),
                "keepalived": ({"d1": KeepalivedNode(lab, "d1", 150, advert, work),
                                "d2": KeepalivedNode(lab, "d2", 100, advert, work)}, f"advert_int {advert}"),
            }
            figures = {}
            for name, (nodes, label) in implementations.items():
                for n in nodes.values():
                    n.start()
                try:
                    for kind in ("death", "sigterm"):
                        values = trials(lab, probe, nodes, kind, count)
                        figures[(name, kind)] = summary(values)
                        raw["results"].append({"implementation": name, "setting": label, "fault": kind,
                                               "milliseconds": values})
                    if (keepalive, deadtime, advert) == SETTINGS[-1]:
                        marker = "activating" if name == "pulse" else "Entering MASTER STATE"
                        changes, logged = idle(lab, probe, nodes, idle_seconds, marker)
                        figures[(name, "idle")] = (changes, logged)
                        raw["results"].append({"implementation": name, "setting": label, "fault": "idle",
                                               "seconds": idle_seconds, "owner_changes": changes,
                                               "takeovers_logged": logged})
                finally:
                    for n in nodes.values():
                        n.stop()
            pulse_label = implementations["pulse"][1]
            ka_label = implementations["keepalived"][1]
            for kind in ("death", "sigterm"):
                p = figures[("pulse", kind)]
                k = figures[("keepalived", kind)]
                for index, stat in ((0, "median"), (1, "p95")):
                    ratio = f"{p[index] / k[index]:.2f}" if p[index] and k[index] else "n/a"
                    pv = f"{p[index]:.0f} ms" if p[index] is not None else "none"
                    kv = f"{k[index]:.0f} ms" if k[index] is not None else "none"
                    line = (f"failover {kind:7} {stat:6} pulse ({pulse_label}) {pv} (n={p[2]}/{count}) | "
                            f"keepalived ({ka_label}) {kv} (n={k[2]}/{count}) | ratio {ratio}")
                    print(line, flush=True)
                    lines.append(line)
            if ("pulse", "idle") in figures:
                pc, pl = figures[("pulse", "idle")]
                kc, kl = figures[("keepalived", "idle")]
                line = (f"idle {idle_seconds:.0f} s false failovers: pulse ({pulse_label}) {pl} takeovers, {pc} VIP owner "
                        f"changes | keepalived ({ka_label}) {kl} takeovers, {kc} VIP owner changes")
                print(line, flush=True)
                lines.append(line)
    finally:
        lab.teardown()
    raw["lines"] = lines
    out = os.environ.get("FAILOVER_RESULTS")
    if out:
        with open(out, "w") as f:
            json.dump(raw, f, indent=1)


if __name__ == "__main__":
    main()
