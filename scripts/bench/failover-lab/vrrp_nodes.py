"""The failover lab's directors speaking VRRPv3 on the public network, so that any two pair up:
pulse with `heartbeat_protocol = vrrp` and keepalived, the same virtual router id and VIP, the
priority given per director (150 for the intended master, 100 for the other)."""
import os
from failover_lab import PUB, VIP
from keepalived_nodes import KeepalivedNode
from pulse_nodes import PulseNode

VRID = 51
MASTER, BACKUP = 150, 100

# One file for both directors: pulse takes the priority of the role (primary or backup) whose
# address is local, so d1 gets 150 and d2 100.
PULSE_CONF = """serial_no = 1
primary = {pub}.1
backup = {pub}.2
backup_active = 1
service = lvs
heartbeat_protocol = vrrp
vrrp_id = {vrid}
vrrp_version = 3
vrrp_advert_interval = {centiseconds}
vrrp_primary_priority = {master}
vrrp_backup_priority = {backup}
network = direct
garp_count = 3
garp_interval = 0.2

virtual web {{
    active = 1
    address = {vip} eth0:1
    vip_nmask = 255.255.255.0
    port = 7777
    protocol = udp
    server rs1 {{
        address = {pub}.50
        active = 1
    }}
}}
"""

KEEPALIVED_CONF = """global_defs {{
  router_id {name}
  enable_script_security
}}
vrrp_instance VI_1 {{
  state BACKUP
  interface eth0
  virtual_router_id {vrid}
  priority {prio}
  version 3
  advert_int {advert}
  virtual_ipaddress {{
    {vip}/24 dev eth0 label eth0:1
  }}
}}
"""

# The priority each director gets in every pairing: d1 is the intended master.
PRIORITY = {"d1": MASTER, "d2": BACKUP}


class VRRPPulseNode(PulseNode):
    """pulse in VRRP mode: PulseNode's process handling with the VRRP lvs.cf."""

    def __init__(self, lab, node, advert, workdir, binary):
        # PulseNode writes its heartbeat lvs.cf (no keepalive or deadtime here); this one replaces it.
        super().__init__(lab, node, None, None, workdir, binary)
        with open(self.conf, "w") as f:
            f.write(PULSE_CONF.format(pub=PUB, vip=VIP, vrid=VRID, centiseconds=round(advert * 100),
                                      master=PRIORITY["d1"], backup=PRIORITY["d2"]))


class VRRPKeepalivedNode(KeepalivedNode):
    """keepalived with the VRRPv3 instance set in the instance (and the VIP labelled eth0:1, as
    pulse labels it)."""

    def __init__(self, lab, node, advert, workdir):
        super().__init__(lab, node, PRIORITY[node], advert, workdir)
        with open(os.path.join(self.dir, "k.conf"), "w") as f:
            f.write(KEEPALIVED_CONF.format(name=node, vrid=VRID, prio=PRIORITY[node], advert=advert, vip=VIP))

    def start(self):
        d = self.dir
        # Pid files of an earlier run may name a PID reused since: keepalived would refuse to start.
        for name in ("k.pid", "v.pid", "c.pid"):
            try:
                os.unlink(os.path.join(d, name))
            except FileNotFoundError:
                pass
        self.log = open(os.path.join(d, "log"), "a")
        self.proc = self.lab.start(self.node, ["keepalived", "--dont-fork", "--no-syslog", "--log-console", "--vrrp",
                                               "-f", f"{d}/k.conf", "-p", f"{d}/k.pid", "-r", f"{d}/v.pid",
                                               "-c", f"{d}/c.pid"],
                                   stdout=self.log, stderr=self.log)


def director(kind, lab, node, advert, workdir, pulse_binary):
    """A director of `kind` ("pulse" or "keepalived") on `node`, its files under `workdir`."""
    if kind == "pulse":
        return VRRPPulseNode(lab, node, advert, workdir, pulse_binary)
    return VRRPKeepalivedNode(lab, node, advert, workdir)
