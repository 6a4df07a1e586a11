"""scripts/bench/vrrp-pair: pulse speaking VRRPv3 beside keepalived, in every pairing, in one run.

Four pairs in the failover lab, VRRPv3 at advert interval 0.1 s, one virtual router and VIP, the
master (d1) at priority 150 and the backup (d2) at 100, both started as backups: keepalived ->
keepalived (the reference), pulse -> keepalived, keepalived -> pulse, pulse -> pulse. For each,
VRRP_TRIALS host deaths (d1's links cut at one instant, then its daemons killed) and SIGTERMs of
d1; the time until the VIP answers from d2 (probed from the client every 5 ms), beside the
keepalived pair's, and the SIGTERM trials in which both held the VIP (sampled every 10 ms).
"""
import json, os, random, statistics, sys, tempfile
from failover_lab import Lab, Probe, percentile
from vrrp_nodes import director
from vrrp_trials import host_death, sigterm

ADVERT = 0.1
PAIRS = [("keepalived", "keepalived"), ("pulse", "keepalived"), ("keepalived", "pulse"), ("pulse", "pulse")]
REFERENCE = PAIRS[0]
FAULTS = {"death": "host death", "sigterm": "SIGTERM"}


def run_pair(lab, probe, pair, count, work, pulse_bin):
    """The trials of one pair: {"death": [ms], "sigterm": [ms], "two": [(samples with two, samples)]}."""
    directory = os.path.join(work, "-".join(pair))
    nodes = {n: director(kind, lab, n, ADVERT, directory, pulse_bin) for n, kind in zip(("d1", "d2"), pair)}
    # Every pair draws the same pauses before its faults: the pairs differ in their daemons, not in the draw.
    phase = random.Random(539)
    for n in nodes.values():
        n.start()
    try:
        death = [host_death(lab, probe, nodes, phase) for _ in range(count)]
        terms = [sigterm(lab, probe, nodes, phase) for _ in range(count)]
    finally:
        for n in nodes.values():
            n.stop()
    return {"death": death, "sigterm": [t for t, _, _ in terms], "two": [(two, n) for _, two, n in terms]}


def summary(values):
    """(median s, p95 s, trials with a takeover)."""
    ok = [v / 1000 for v in values if v is not None]
    if not ok:
        return None, None, 0
    return statistics.median(ok), percentile(ok, 95), len(ok)


def seconds(value):
    return f"{value:.3f} s" if value is not None else "none"


def figure_line(kind, pair, figure, reference, count):
    median, p95, n = figure
    line = f"vrrp {FAULTS[kind]}: {pair[0]} -> {pair[1]} median {seconds(median)} p95 {seconds(p95)}"
    if pair == REFERENCE:
        line += " (the reference)"
    else:
        ratio = f"{median / reference[0]:.2f}" if median and reference[0] else "n/a"
        line += f" (keepalived pair {seconds(reference[0])} / {seconds(reference[1])}, ratio {ratio})"
    if n < count:
        line += f"; {count - n} of {count} trials without a takeover within 10 s"
    return line


def overlap_line(pair, two):
    trials = sum(1 for t, _ in two if t)
    samples = sum(t for t, _ in two)
    total = sum(n for _, n in two)
    return (f"vrrp SIGTERM both held the VIP: {pair[0]} -> {pair[1]} in {trials} of {len(two)} trials "
            f"({samples} of {total} samples)")


def main():
    pulse_bin = sys.argv[1]
    count = int(os.environ.get("VRRP_TRIALS", "20"))
    work = tempfile.mkdtemp(prefix="lvsvrrp-")
    # Each run has its own directory: the daemons' configurations and logs (kept for a look afterwards).
    print(f"==> daemon configurations and logs in {work}", file=sys.stderr, flush=True)
    lab = Lab("vp")
    raw = {"trials": count, "advert_int": ADVERT, "results": []}
    lines, reference = [], {}
    try:
        probe = Probe(lab)
        for pair in PAIRS:
            result = run_pair(lab, probe, pair, count, work, pulse_bin)
            label = f"{pair[0]} -> {pair[1]}"
            for kind in FAULTS:
                raw["results"].append({"pair": label, "fault": kind, "milliseconds": result[kind]})
            raw["results"].append({"pair": label, "fault": "sigterm", "two_holder_samples": result["two"]})
            for kind in FAULTS:
                figure = summary(result[kind])
                if pair == REFERENCE:
                    reference[kind] = figure
                lines.append(figure_line(kind, pair, figure, reference[kind], count))
                print(lines[-1], flush=True)
            lines.append(overlap_line(pair, result["two"]))
            print(lines[-1], flush=True)
    finally:
        lab.teardown()
        # Written even when a pair failed: the samples of the pairs before it.
        raw["lines"] = lines
        out = os.environ.get("VRRP_RESULTS")
        if out:
            with open(out, "w") as f:
                json.dump(raw, f, indent=1)


if __name__ == "__main__":
    main()
