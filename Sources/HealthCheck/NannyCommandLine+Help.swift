extension NannyCommandLine {
    /// `nanny --help`.
    public static let helpText = """
        Usage: nanny -h ADDRESS [options]
        Checks one real server and reports its health to lvsd (one nanny per real server),
        or with --fos one failover service for the fos daemon.

        What to check
          -h, --server ADDRESS        the real server (IPv4 or IPv6), required
          -p, --port PORT             virtual port (default 80)
          -r, --rport PORT            real port to check (default: the virtual port)
          -u, --udp                   check over UDP: send one datagram, a reply is required
          -s, --send_string TEXT      send TEXT once connected
          -x, --expect_string TEXT    the reply must start with TEXT; "*" accepts any reply
              --regex                 TEXT is a POSIX extended regular expression instead
          -T, --suppress              no \\r \\n \\t \\\\ \\' \\" translation in send/expect
          -e, --send_program CMD      run CMD instead (no shell; %h = address, %p = port);
                                      its output must equal -x, and empty output fails;
                                      without -x, exit status 0 passes. Killed at the timeout.
          With nothing configured on port 80, nanny sends "GET / HTTP/1.0" and expects "HTTP".

        Other checks (--check TYPE; default: -e gives program, -u gives udp, else tcp)
              --check TYPE            tcp, udp, http, https, tls, dns, smtp or program
              --http-method M         http/https: GET (default) or HEAD
              --http-path PATH        http/https: the request path (default /)
              --http-host NAME        http/https: the Host header (default: the address)
              --http-status LIST      http/https: codes that pass, such as 200-299 (default),
                                      "200 301-302" or 2xx,3xx
              --http-regex RE         http/https: the body must match RE (POSIX extended)
              --http-digest MD5       http/https: the body's MD5, 32 hex digits
              --tls-server-name NAME  https/tls: SNI and the name verified (default:
                                      --http-host)
              --tls-verify            https/tls: verify the certificate chain and name
              --tls-ca-file PATH      https/tls: CA certificates (default: the system's)
              --dns-name NAME         dns: the name queried over UDP (default .)
              --dns-type TYPE         dns: A, AAAA, SOA (default), MX, TXT, ...
              --dns-rcode CODE        dns: the response code that passes (default NOERROR)
              --dns-answer TEXT       dns: an answer the response must contain
              --smtp-helo NAME        smtp: the EHLO name (default: this host's name)
          Every check, whatever its type, must finish within -t.

        When
          -t, --interval SECONDS      time between checks, and each check's timeout (default 10)
          -a, --reentrytime SECONDS   a failed server must pass checks this long before it is
                                      up again (default 180)
              --rise N                a failed server is up again after N passing checks in a
                                      row (instead of -a)
              --fall N                N failed checks in a row take the server out (default 1)
          -w, --weight N              configured weight (default 1)
              --slow-start SECONDS    a server comes up at weight/32 and doubles every SECONDS
                                      (default 20; 0 = full weight at once)

        Load-based weight (while up, after slow start)
          -U, --loadcmd CMD           ask the server for its load: rsh, ssh or an absolute
                                      path runs "CMD ADDRESS uptime" (ssh gets BatchMode=yes
                                      and ConnectTimeout); rup, ruptime run "CMD ADDRESS";
                                      none (default) turns it off. Killed at the timeout;
                                      a failed query keeps the weight.
          -S, --scale N               weight rises at most to N x weight (default 10), never
                                      below the configured weight
              --load-period SECONDS   time between load queries (default 20)

        Failover services
              --fos                   watch a failover service on this director (the fos daemon
                                      runs it): exit 0 when it fails after it answered (fall
                                      checks in a row), exit 1 when it fails twice in a row before
                                      it ever answered; the fos daemon then fails over

        Reporting
              --report-fd N           report to lvsd on inherited socket N; exit when it closes.
                                      Without it nanny only checks and logs.
              --log-socket PATH       syslog socket (default /dev/log); ident "nanny"
          -n, --nodaemon              also log to standard error
          -v, --verbose               log every check
          -V, --virtaddress ADDRESS   virtual address, for log lines
          -f, --fwmark N              firewall mark of the virtual service, for log lines
          -q, --quiesce_server        lvsd sets weight 0 instead of removing (lvsd's setting)

        Started by lvsd only
              --fork-server           lvsd's fork server: a warmed-up nanny that forks the others
                                      on lvsd's request (their pages are shared); takes no other
                                      argument

        Accepted for compatibility with Piranha; they do nothing here
          -M, --method m|g|i          lvsd knows the forwarding method
          -I, --ipvsadm PATH          nanny never runs ipvsadm: lvsd programs IPVS itself
          -c, --nofork                nanny never forks
              --test-start, --norun
              --lvs                   nanny works for lvsd unless --fos is given

        Signals
          SIGUSR1  force the server down; checks stop until SIGHUP
          SIGUSR2  force the server up with its full weight; checks stop until SIGHUP
          SIGHUP   back to checking; the next check decides at once
          SIGTERM  stop

          -?, --help, --usage         this text
              --version               the version

        """
}
