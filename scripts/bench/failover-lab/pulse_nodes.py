"""pulse as a director in the failover lab: a release build, in the foreground (-n), without lvsd
(--norun), with its own lvs.cf, runtime directory and log under the bench's work directory."""
import os, signal, subprocess
from failover_lab import PUB, PRIV, VIP

CONF = """serial_no = 1
primary = {pub}.1
primary_private = {priv}.1
backup = {pub}.2
backup_private = {priv}.2
backup_active = 1
service = lvs
heartbeat_port = 539
keepalive = {keepalive}
deadtime = {deadtime}
network = direct
{key_line}

virtual probe {{
    active = 1
    address = {vip} eth0
    vip_nmask = 255.255.255.0
    protocol = udp
    port = 7777
    server rs {{
        address = {pub}.50
        active = 1
    }}
}}
"""


class PulseNode:
    def __init__(self, lab, node, keepalive, deadtime, workdir, binary, key=False):
        """With `key`, heartbeats are signed (heartbeat_key_file, the same key on both)."""
        self.lab, self.node, self.binary = lab, node, binary
        self.dir = os.path.join(workdir, "pulse-" + node)
        os.makedirs(self.dir, exist_ok=True)
        self.conf = os.path.join(self.dir, "lvs.cf")
        key_line = ""
        if key:
            key_path = os.path.join(self.dir, "heartbeat.key")
            with open(os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
                f.write("the fault matrix's shared heartbeat key\n")
            key_line = f"heartbeat_key_file = {key_path}"
        with open(self.conf, "w") as f:
            f.write(CONF.format(pub=PUB, priv=PRIV, vip=VIP, keepalive=keepalive, deadtime=deadtime, key_line=key_line))
        self.logpath = os.path.join(self.dir, "log")
        self.proc = None

    def start(self):
        self.log = open(self.logpath, "a")
        self.proc = self.lab.start(self.node, [self.binary, "-n", "--norun", "-c", self.conf,
                                               "--runtime-directory", os.path.join(self.dir, "run")],
                                   stdout=self.log, stderr=self.log)

    def sigterm(self):
        os.kill(self.proc.pid, signal.SIGTERM)

    def wait_exit(self, timeout=10):
        self.proc.wait(timeout=timeout)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()
        # After SIGKILL the VIP stays on the interface: remove it (the next pulse would too).
        subprocess.run(["ip", "-n", self.lab.ns[self.node], "addr", "del", f"{VIP}/24", "dev", "eth0"],
                       capture_output=True)

    def count(self, text):
        with open(self.logpath) as f:
            return f.read().count(text)
