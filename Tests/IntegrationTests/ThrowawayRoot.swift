import Foundation
import LVSTestKit

/// This machine's root file system seen through an overlay whose changes live in memory, in mount
/// and network namespaces of its own: a package can be installed, run and purged there with the
/// real dpkg, and nothing of it reaches the machine. The namespaces stay open (bound to files)
/// until ``close()``; commands enter them and `chroot` into the overlay.
final class ThrowawayRoot {
    /// The overlay's mount point, seen from inside the mount namespace only.
    let merged: String
    private let directory: String
    private let mountNamespace: String
    private let networkNamespace: String

    init() throws {
        directory = NSTemporaryDirectory() + "lvs-root-\(UUID().uuidString.prefix(8))"
        merged = directory + "/merged"
        mountNamespace = directory + "/mnt.ns"
        networkNamespace = directory + "/net.ns"
        try FileManager.default.createDirectory(atPath: directory + "/changes", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: merged, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: mountNamespace, contents: nil)
        FileManager.default.createFile(atPath: networkNamespace, contents: nil)
        let create = try TestProcess.run(
            "/usr/bin/unshare",
            ["--mount=\(mountNamespace)", "--net=\(networkNamespace)", "--propagation", "private", "true"])
        guard create.exitCode == 0 else {
            try? FileManager.default.removeItem(atPath: directory)
            throw LabError("unshare --mount --net: \(create.error)")
        }
        // Inside the namespaces: the overlay's upper layer on tmpfs, then what programs expect to
        // find mounted (proc, sysfs of this network namespace, devices, an empty /tmp).
        let changes = directory + "/changes"
        let setup = """
            set -e
            mount -t tmpfs -o mode=0755 throwaway-changes \(changes)
            mkdir \(changes)/upper \(changes)/work
            mount -t overlay throwaway-root -o lowerdir=/,upperdir=\(changes)/upper,workdir=\(changes)/work \(merged)
            mount -t proc proc \(merged)/proc
            mount -t sysfs sysfs \(merged)/sys
            mount --rbind /dev \(merged)/dev
            mount -t tmpfs -o mode=1777 throwaway-tmp \(merged)/tmp
            mount -t tmpfs -o mode=0755 throwaway-run \(merged)/run
            """
        let mounted = try enter(["/bin/sh", "-c", setup])
        guard mounted.exitCode == 0 else {
            close()
            throw LabError("mounting the throwaway root: \(mounted.error)")
        }
        // The root stands for a director booted into runlevel 2, where invoke-rc.d starts and
        // restarts services: no container image's guard against that (policy-rc.d answering
        // 101), and, as there is no init to ask, /sbin/runlevel (a link to systemctl: replaced,
        // not written through) answers "N 2".
        try run(
            "rm -f /usr/sbin/policy-rc.d /sbin/runlevel; printf '#!/bin/sh\\necho N 2\\n' >/sbin/runlevel; chmod 755 /sbin/runlevel"
        )
    }

    /// Runs `script` with `/bin/sh -e` inside the root.
    @discardableResult
    func run(_ script: String, timeout: Duration = .seconds(120)) throws -> TestProcessResult {
        try enter(["/usr/sbin/chroot", merged, "/bin/sh", "-ec", script], timeout: timeout)
    }

    /// Copies a file of this machine into the root's /tmp and returns its path inside the root.
    func copyIn(_ path: String) throws -> String {
        let name = (path as NSString).lastPathComponent
        let copied = try enter(["/bin/cp", path, merged + "/tmp/" + name])
        guard copied.exitCode == 0 else { throw LabError("copying \(path) into the root: \(copied.error)") }
        return "/tmp/" + name
    }

    /// Whether `path` (inside the root) exists, symbolic links included.
    func exists(_ path: String) throws -> Bool {
        try run("[ -e '\(path)' ] || [ -L '\(path)' ]").exitCode == 0
    }

    /// Leaves the namespaces: once no process of them is left, the overlay and its changes go.
    func close() {
        _ = try? TestProcess.run("/bin/umount", [mountNamespace, networkNamespace])
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func enter(_ command: [String], timeout: Duration = .seconds(120)) throws -> TestProcessResult {
        try TestProcess.run(
            "/usr/bin/nsenter", ["--mount=\(mountNamespace)", "--net=\(networkNamespace)", "--"] + command,
            environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL": "C", "DEBIAN_FRONTEND": "noninteractive"],
            timeout: timeout)
    }
}
