# UDP responder for failover trials: answers every datagram with this node's name.
import socket, sys
name = sys.argv[1].encode()
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", int(sys.argv[2]) if len(sys.argv) > 2 else 7777))
while True:
    data, peer = s.recvfrom(512)
    s.sendto(name + b" " + data, peer)
