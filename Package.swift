// swift-tools-version: 6.2
//
// LVSRouter: a Piranha-style LVS router suite. See README.md and docs/architecture.md.
//
// The target list is built per area, one section each, so that the parts of the suite can grow
// independently. Libraries are pure where they can be (decisions), thin where they must do I/O;
// each daemon is a library with its runtime and a thin executable. Every target declares exactly
// the modules it imports (scripts/lint checks it); a test target may also name the executables it
// runs as processes, so that they are built first.

import PackageDescription

var products: [Product] = []
var targets: [Target] = []

let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")
let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")
let system: Target.Dependency = .product(name: "SystemPackage", package: "swift-system")

// MARK: - C libraries and shims

// The C shims' release builds use glibc's checked string and memory functions where it can tell
// the buffer's size (Debian's hardening flags; lintian looks for them).
let fortified: [CSetting] = [.define("_FORTIFY_SOURCE", to: "2", .when(configuration: .release))]

targets += [
    // libnl-3 / libnl-genl-3 / libnl-route-3 and <linux/ip_vs.h>.
    .systemLibrary(
        name: "CLibNL",
        pkgConfig: "libnl-genl-3.0 libnl-route-3.0",
        providers: [.apt(["libnl-3-dev", "libnl-genl-3-dev", "libnl-route-3-dev", "pkg-config"])]
    ),
    // What Swift cannot reach directly: sockaddr_ll, sockaddr_nl, packed epoll events, wait
    // macros, GNU-only calls (accept4, pipe2, pidfd), setns, environ.
    .target(name: "CLVSShims", cSettings: fortified),
]

// MARK: - Shared value types

targets += [
    // IPv4/IPv6/MAC addresses and netmasks, parsed and printed the way libc does.
    .target(name: "Addressing"),
    .testTarget(name: "AddressingTests", dependencies: ["Addressing"]),
    // Durations as the suite reads and prints them (lvs.cf, log lines, tables).
    .target(name: "Units"),
    .testTarget(name: "UnitsTests", dependencies: ["Units"]),
]

// MARK: - Configuration (lvs.cf)

products += [
    .executable(name: "lvsctl", targets: ["lvsctl"])
]
targets += [
    // The words lvs.cf and nanny share about health checks: check types, HTTP methods and status
    // ranges, DNS names, record types, response codes and expected answers, rise and fall. Pure.
    .target(name: "CheckVocabulary", dependencies: ["Addressing"]),
    .testTarget(name: "CheckVocabularyTests", dependencies: ["CheckVocabulary"]),
    // lvs.cf: lexer, parser, model, validation with file:line:column diagnostics, editable document.
    .target(name: "LVSConfig", dependencies: ["Addressing", "CheckVocabulary", "DaemonSupport", "Units"]),
    .testTarget(name: "LVSConfigTests", dependencies: ["LVSConfig", "CheckVocabulary", "Addressing"]),
    // The admin's tool: check-config, status, failover, takeover, reload, drain, enable.
    .executableTarget(name: "lvsctl", dependencies: ["LVSConfig", "Control", "DaemonSupport", argumentParser]),
    .testTarget(name: "LVSCtlTests", dependencies: ["lvsctl", "LVSConfig", "Control", "LVSTestKit"]),
    // scripts/bench/config-parse: parses and checks a generated lvs.cf, prints time and memory.
    .executableTarget(name: "lvscf-bench", dependencies: ["LVSConfig", "Units"]),
]

// MARK: - IPVS

products += [
    .library(name: "IPVS", targets: ["IPVS"]),
    .executable(name: "lvsadm", targets: ["lvsadm"]),
]

targets += [
    // The IPVS model, generic-netlink codec, a client over libnl (the only I/O), and an in-memory
    // table with the kernel's answers (tests, lvsd --test-start).
    .target(name: "IPVS", dependencies: ["Addressing", "CLibNL", "CLVSShims", "DaemonSupport", logging]),
    // lvsadm's logic: ipvsadm 1.31's command line, listings, save and restore.
    .target(name: "IPVSAdmin", dependencies: ["IPVS", "Addressing"]),
    .executableTarget(name: "lvsadm", dependencies: ["IPVSAdmin", "IPVS", "DaemonSupport", logging]),
    .testTarget(name: "IPVSTests", dependencies: ["IPVS", "Addressing", "LVSTestKit", logging]),
    .testTarget(
        name: "IPVSAdminTests", dependencies: ["IPVSAdmin", "IPVS", "Addressing", "LVSTestKit"], exclude: ["Golden"]),
]

// MARK: - Heartbeat, failover and interfaces

products += [
    .executable(name: "send_arp", targets: ["send_arp"])
]

targets += [
    // Heartbeat packets (the project's authenticated format and Piranha's 4-byte one) and pulse's
    // failover state machine: pure, events and time in, actions out.
    // HMAC-SHA256 for heartbeats, from the system's OpenSSL libcrypto.
    .target(name: "CLVSCrypto", cSettings: fortified, linkerSettings: [.linkedLibrary("crypto")]),
    .target(name: "Heartbeat", dependencies: ["Addressing", "CLVSCrypto"]),
    .testTarget(name: "HeartbeatTests", dependencies: ["Heartbeat", "Addressing"]),
    // VIP add/remove over rtnetlink, link state, MAC lookup, gratuitous ARP / unsolicited NA frames
    // (pure builders) and their AF_PACKET sender.
    .target(name: "Interfaces", dependencies: ["Addressing", "DaemonSupport", "CLibNL", "CLVSShims"]),
    .testTarget(name: "InterfacesTests", dependencies: ["Interfaces", "Addressing", "LVSTestKit"]),
    // Piranha-compatible send_arp: `send_arp [-i dev] src_ip src_hw targ_ip targ_hw` and `send_arp -i dev IP`.
    .executableTarget(name: "send_arp", dependencies: ["Interfaces", "Addressing"]),
    // scripts/bench/heartbeat: codec cost per heartbeat, VIP add + gratuitous ARP in-process.
    .executableTarget(name: "heartbeat-bench", dependencies: ["Heartbeat", "Interfaces", "Addressing", "Units"]),
]

// MARK: - pulse: failover daemon, lvsctl control commands, host integration tests

products += [
    .executable(name: "pulse", targets: ["pulse"]),
    .library(name: "Pulse", targets: ["Pulse"]),
]
targets += [
    // pulse's library. Decisions, pure: settings from lvs.cf, reload plans, the steps of each
    // failover action, hand-over requests, the VIP guard's and the link watch's supervision, status
    // reports. Runtime, thin: the heartbeat thread, heartbeat sockets, VIP holder and the node's loop.
    .target(
        name: "Pulse",
        dependencies: [
            "Heartbeat", "Interfaces", "LVSConfig", "Control", "DaemonSupport", "IPVS", "Addressing", "Units",
            "RouteAnnouncement", "VRRP", logging,
        ]),
    .testTarget(
        name: "PulseTests",
        dependencies: [
            "Pulse", "Heartbeat", "Interfaces", "LVSConfig", "Control", "IPVS", "Addressing", "DaemonSupport",
            "LVSTestKit", "VRRP",
        ]),
    // The daemon init starts on both directors: argument parsing and start-up only.
    .executableTarget(
        name: "pulse",
        dependencies: [
            "Pulse", "Heartbeat", "Interfaces", "LVSConfig", "DaemonSupport", "Addressing", argumentParser, logging,
        ]),
    // Host integration (root, network namespaces on this kernel, LVSROUTER_HOST_TESTS=1): two pulses
    // and a client on bridges; failover timing, paths, keys, init script, install script.
    .testTarget(
        name: "IntegrationTests",
        dependencies: [
            "pulse", "lvsctl", "fos", "nanny", "lvsd", "lvsweb", "LVSTestKit", "Control", "DaemonSupport", "Interfaces",
            "Addressing", "CLVSShims", "RouteAnnouncement",
            // In-process pulses (a slow kernel stood in for).
            "Pulse", "Heartbeat", "LVSConfig", "IPVS", logging,
            // keepalived's advertisements, captured and decoded.
            "VRRP",
        ]),
]

// MARK: - Daemons: support, control sockets, health checks

targets += [
    // The thin I/O layer and process foundation of every daemon: swift-system's FileDescriptor with
    // the suite's additions, sockets, whole-file reads, the epoll loop, signals, the spawner, child
    // supervision (pure) and the reaper, pidfiles, daemonizing and start-up, syslog. No Foundation.
    .target(name: "DaemonSupport", dependencies: ["Addressing", logging, system, "CLVSShims"]),
    .testTarget(name: "DaemonSupportTests", dependencies: ["DaemonSupport", "CLVSShims", logging]),
    // Control sockets between lvsctl and the daemons: JSON lines over root-only Unix sockets.
    .target(name: "Control", dependencies: ["DaemonSupport", "Addressing", "Units", logging, "CLVSShims"]),
    .testTarget(name: "ControlTests", dependencies: ["Control", "DaemonSupport", logging]),
    // nanny's checks, health state machine, argument model and nanny->lvsd report codec. No Foundation.
    .target(
        name: "HealthCheck",
        dependencies: ["CheckVocabulary", "DaemonSupport", "Addressing", "Units", "CLVSTLS", logging]),
    // The HTTPS and TLS-handshake checks' TLS client and the HTTP check's MD5, from the system's
    // OpenSSL libssl and libcrypto.
    .target(
        name: "CLVSTLS", cSettings: fortified, linkerSettings: [.linkedLibrary("ssl"), .linkedLibrary("crypto")]),
    .testTarget(
        name: "HealthCheckTests",
        dependencies: [
            "HealthCheck", "CheckVocabulary", "DaemonSupport", "Addressing", "CLVSShims", "LVSTestKit", logging,
        ]
    ),
    // One per real server: checks it and reports to lvsd. Lean: no Foundation, no swift-nio.
    .executableTarget(name: "nanny", dependencies: ["HealthCheck", "DaemonSupport", "CLVSShims", logging]),
    // A minimal daemon built on DaemonSupport (daemonize, pidfile, readiness, SIGTERM): run by
    // DaemonSupportTests, and the pattern lvsd and pulse follow.
    .executableTarget(name: "lvs-daemon-probe", dependencies: ["DaemonSupport"]),
]
products += [
    .library(name: "DaemonSupport", targets: ["DaemonSupport"]),
    .library(name: "Control", targets: ["Control"]),
    .library(name: "HealthCheck", targets: ["HealthCheck"]),
    .executable(name: "nanny", targets: ["nanny"]),
]

// MARK: - Director (lvsd)

products += [
    .library(name: "Director", targets: ["Director"]),
    .executable(name: "lvsd", targets: ["lvsd"]),
]
targets += [
    // lvsd's library. Decisions, pure: lvs.cf -> desired table, health records, reconcile plan, the
    // IPVS choke point (over the IPVSTable protocol), nanny launch vectors, owned-service record.
    // Runtime, thin: the daemon's loop, nanny supervision, control socket, status report.
    .target(
        name: "Director",
        dependencies: [
            "LVSConfig", "IPVS", "HealthCheck", "DaemonSupport", "Control", "Addressing", "Units", logging,
        ]),
    .testTarget(
        name: "DirectorTests",
        dependencies: [
            "Director", "LVSConfig", "IPVS", "HealthCheck", "Addressing", logging,
            .product(name: "InMemoryLogging", package: "swift-log"),
        ]
    ),
    // The daemon: arguments and start-up; the runtime is Director's LVSDaemon.
    .executableTarget(
        name: "lvsd",
        dependencies: [
            "Director", "LVSConfig", "IPVS", "DaemonSupport", argumentParser, logging,
        ]
    ),
    // lvsd run as a process on this host: --check, no IPVS, --test-start with real nannies,
    // reload, control socket, shutdown.
    .testTarget(name: "LVSDTests", dependencies: ["lvsd", "nanny", "Control", "LVSTestKit", "DaemonSupport"]),
]

// MARK: - Failover services (fos)

products += [
    .library(name: "FailoverServices", targets: ["FailoverServices"]),
    .executable(name: "fos", targets: ["fos"]),
]
targets += [
    // The fos daemon's library: the failover services' supervisor (pure) and its runtime, which
    // runs start_cmd/stop_cmd and a nanny --fos per service on the active director.
    .target(name: "FailoverServices", dependencies: ["LVSConfig", "DaemonSupport", "Units", logging]),
    .testTarget(
        name: "FailoverServicesTests",
        dependencies: ["FailoverServices", "LVSConfig"]),
    // The daemon: arguments and start-up.
    .executableTarget(
        name: "fos",
        dependencies: ["FailoverServices", "LVSConfig", "DaemonSupport", "CLVSShims", argumentParser, logging]
    ),
]

// MARK: - Web tool (lvsweb) and metrics

products += [
    .executable(name: "lvsweb", targets: ["lvsweb"])
]
let hummingbird: Target.Dependency = .product(name: "Hummingbird", package: "hummingbird")
targets += [
    // lvsweb's library: the pages (monitoring, configuration forms, actions), the login, sessions,
    // CSRF and throttling, the Prometheus encoder and /metrics, the peer configuration sync.
    .target(
        name: "LVSWeb",
        dependencies: [
            "Control", "LVSConfig", "DaemonSupport", "Units", logging, hummingbird,
            .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
            .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
    // The daemon: serve, passwd, metrics-token.
    .executableTarget(
        name: "lvsweb",
        dependencies: [
            "LVSWeb", "LVSConfig", "DaemonSupport", argumentParser, logging, hummingbird,
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "HummingbirdTLS", package: "hummingbird"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
    .testTarget(
        name: "LVSWebTests",
        dependencies: [
            "LVSWeb", "LVSConfig", "Control", "DaemonSupport", hummingbird, logging,
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
]

// MARK: - Route announcement (directors announcing their VIPs over BGP)

targets += [
    // Which VIPs this director may announce (a pure policy), the file BIRD includes for them, and
    // BIRD's control socket: announcing and withdrawing is a BIRD reconfiguration, never a restart.
    .target(name: "RouteAnnouncement", dependencies: ["Addressing", "Control", "DaemonSupport", "LVSConfig", "Units"]),
    .testTarget(name: "RouteAnnouncementTests", dependencies: ["RouteAnnouncement", "Addressing"]),
]
products += [.library(name: "RouteAnnouncement", targets: ["RouteAnnouncement"])]

// VRRP (RFC 3768, RFC 5798): advertisements to bytes and back, checked against keepalived's.
targets += [
    .target(name: "VRRP", dependencies: ["Addressing", "Heartbeat"]),
    .testTarget(name: "VRRPTests", dependencies: ["VRRP", "Addressing", "Heartbeat"]),
]
products += [.library(name: "VRRP", targets: ["VRRP"])]

// MARK: - Test support, integration and kernel tests

targets += [
    // Shared by test targets and the end-to-end lab: processes with clean signal masks (through
    // DaemonSupport's spawner), the network lab (namespaces, veth pairs, bridges, addresses, and
    // the registry of what to tear down), a scripted netlink transport.
    .target(name: "LVSTestKit", dependencies: ["CLibNL", "CLVSShims", "DaemonSupport", "IPVS"]),
    .testTarget(name: "LVSTestKitTests", dependencies: ["LVSTestKit"]),
    // Real IPVS: run inside the QEMU guest of scripts/vm (or a namespace on an IPVS kernel) by
    // scripts/test's kernel layer, with LVSROUTER_KERNEL_TESTS=1; skipped elsewhere.
    .testTarget(
        name: "KernelTests",
        dependencies: [
            "LVSTestKit", "IPVS", "Addressing", "Control", "DaemonSupport", logging,
            // The end-to-end tests (LVSLab) run the daemons and lvsctl.
            "LVSLab", "pulse", "lvsd", "nanny", "lvsctl",
        ]),
    // The decoders of outside bytes as fuzz targets: libFuzzer's entry when scripts/fuzz builds
    // it with -sanitize=fuzzer,address and -DFUZZING; otherwise it replays files through a target.
    .executableTarget(
        name: "lvs-fuzz",
        dependencies: [
            "Addressing", "CheckVocabulary", "CLVSShims", "Control", "HealthCheck", "Heartbeat", "IPVS", "IPVSAdmin",
            "LVSConfig", "VRRP",
        ]),
    // The repository's scripts (scripts/vm: QEMU guests), in the host layer.
    .testTarget(name: "ScriptsTests", dependencies: ["LVSTestKit"]),
]

// MARK: - Lab: scripts/demo and the end-to-end kernel tests

products += [
    .executable(name: "lvslab", targets: ["lvslab"])
]
targets += [
    // One lab for the demo and the end-to-end tests, on LVSTestKit's network lab: a client, two
    // directors and real servers, lvs.cf, HTTP/echo servers, pulse per director (own network and
    // mount namespace), in-process HTTP probes, and the demo's scenario.
    .target(
        name: "LVSLab",
        dependencies: [
            "LVSTestKit", "Control", "DaemonSupport", "IPVS", "Interfaces", "Addressing", "Units", logging,
        ]),
    // The mixed pair's lvs.cf is read as pulse reads it (PulseSettings), beside keepalived's file.
    .testTarget(name: "LVSLabTests", dependencies: ["LVSLab", "LVSConfig", "LVSTestKit", "Pulse", "Addressing"]),
    // scripts/demo's driver: `lvslab demo` runs the scenario inside the guest and narrates it.
    .executableTarget(name: "lvslab", dependencies: ["LVSLab", "LVSTestKit", "Units", argumentParser]),
]

let package = Package(
    name: "LVSRouter",
    platforms: [.macOS(.v15)],
    products: products,
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
    ],
    targets: targets
)
