import os, signal, subprocess, time
from failover_lab import VIP

CONF = """global_defs {{
  router_id {name}
  vrrp_version 3
  enable_script_security
}}
vrrp_instance VI_1 {{
  state BACKUP
  interface eth0
  virtual_router_id 51
  priority {prio}
  advert_int {advert}
  virtual_ipaddress {{
    {vip}/24 dev eth0
  }}
}}
"""


class KeepalivedNode:
    def __init__(self, lab, node, prio, advert, workdir):
        self.lab, self.node = lab, node
        self.dir = os.path.join(workdir, node)
        os.makedirs(self.dir, exist_ok=True)
        with open(os.path.join(self.dir, "k.conf"), "w") as f:
            f.write(CONF.format(name=node, prio=prio, advert=advert, vip=VIP))
        self.proc = None

    def start(self):
        d = self.dir
        # Pid files of an earlier run may name a PID reused since: keepalived would refuse to start.
        for name in ("k.pid", "v.pid"):
            try:
                os.unlink(os.path.join(d, name))
            except FileNotFoundError:
                pass
        self.log = open(os.path.join(d, "log"), "a")
        self.proc = self.lab.start(self.node, ["keepalived", "--vrrp", "--dont-fork", "--log-console", "--no-syslog",
                                               "-f", f"{d}/k.conf", "-p", f"{d}/k.pid", "-r", f"{d}/v.pid"],
                                   stdout=self.log, stderr=self.log)

    def sigterm(self):
        os.kill(self.proc.pid, signal.SIGTERM)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()
        # After SIGKILL the VIP stays on the interface: remove it.
        subprocess.run(["ip", "-n", self.lab.ns[self.node], "addr", "del", f"{VIP}/24", "dev", "eth0"],
                       capture_output=True)

    def wait_exit(self, timeout=10):
        self.proc.wait(timeout=timeout)

    def count(self, text):
        with open(os.path.join(self.dir, "log")) as f:
            return f.read().count(text)
