"""The trials of scripts/bench/vrrp-pair: one fault of the intended master (d1) of a VRRP pair,
timed by the failover lab's probe until the VIP answers from d2; SIGTERM trials also sample the
VIP's holders every 10 ms (faults.Sampler) to catch both directors holding it at once."""
import os, signal, time
from faults import Sampler

MASTER, OTHER = "d1", "d2"


def settle_on_master(lab, probe, deadline=20.0):
    """Waits until the VIP answers from d1 alone and is on d1 alone: the restarted master has
    preempted again."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if probe.steady(lab=lab, deadline=max(1.0, end - time.monotonic())) == MASTER:
            return
        time.sleep(0.1)
    raise RuntimeError("the VIP never came back to the master (d1)")


def timed(probe, fault):
    """Runs `fault` once the VIP answers; returns the ms from the fault until it answers from d2
    (None: not within 10 s)."""
    at, answers = probe.watch(lambda n: n == OTHER, on_start=fault, deadline=10)
    first = next((t for t, n in answers if n == OTHER and at is not None and t >= at), None)
    return (first - at) * 1000 if first else None


def host_death(lab, probe, nodes, phase):
    """Cuts d1's links at one instant, then kills its daemons; returns the ms until d2 answers.
    d1 comes back as a rebooted host would: links up, daemon started, VIP gone. `phase` (a
    random.Random) puts the fault at a random moment of the advert cycle (see bench.py's PHASE)."""
    settle_on_master(lab, probe)
    time.sleep(phase.uniform(0, 0.25))
    master = nodes[MASTER]

    def fault():
        at = time.monotonic()
        lab.cut_links(MASTER)
        os.killpg(master.proc.pid, signal.SIGKILL)
        return at

    try:
        return timed(probe, fault)
    finally:
        master.stop()
        lab.restore_links(MASTER)
        master.start()


def sigterm(lab, probe, nodes, phase):
    """SIGTERMs d1's daemon; returns (ms until d2 answers, samples with both holding the VIP,
    samples). The holders are sampled from before the fault until d1 has exited and 0.3 s more."""
    settle_on_master(lab, probe)
    sampler = Sampler(lab)
    sampler.start()
    time.sleep(phase.uniform(0, 0.25))
    master = nodes[MASTER]

    def fault():
        at = time.monotonic()
        master.sigterm()
        return at

    try:
        took = timed(probe, fault)
        master.wait_exit()
        time.sleep(0.3)
    finally:
        samples = sampler.stop()
        master.stop()
        master.start()
    return took, sum(1 for _, held in samples if len(held) == 2), len(samples)
