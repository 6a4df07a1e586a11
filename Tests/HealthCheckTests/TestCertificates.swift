import DaemonSupport
import Glibc

/// A test CA and server certificates, made once per test run with the `openssl` command line in
/// a temporary directory: a good certificate for 127.0.0.1, one for the name
/// `www.example.test`, an expired one for 127.0.0.1 (2020-2021), and a second, unrelated CA.
struct TestCertificates: Sendable {
    let directory: String

    var caFile: String { "\(directory)/ca.pem" }
    var otherCAFile: String { "\(directory)/other-ca.pem" }
    var good: (cert: String, key: String) { ("\(directory)/good.pem", "\(directory)/good.key") }
    var named: (cert: String, key: String) { ("\(directory)/named.pem", "\(directory)/named.key") }
    var expired: (cert: String, key: String) { ("\(directory)/expired.pem", "\(directory)/expired.key") }

    /// The name the `named` certificate carries.
    static let serverName = "www.example.test"

    /// The certificates of this test run (made on first use), or why they could not be made.
    static let shared: Result<TestCertificates, TestFixtureError> = Result { () throws(TestFixtureError) in
        try TestCertificates.make()
    }

    private static func make() throws(TestFixtureError) -> TestCertificates {
        var template = Array("/tmp/lvsrouter-tls-test.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TestFixtureError("mkdtemp failed: errno \(errno)") }
        let directory = String(cString: made)
        // The directory goes when the test process ends (the suites share it, so no suite can).
        atexit {
            if case .success(let certificates) = TestCertificates.shared { removeFlatDirectory(certificates.directory) }
        }
        let certificates = TestCertificates(directory: directory)
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try write("subjectAltName=IP:127.0.0.1\n", to: "\(directory)/ip.ext")
        try write("subjectAltName=DNS:\(serverName)\n", to: "\(directory)/name.ext")
        try write("", to: "\(directory)/index.txt")
        try write("1000\n", to: "\(directory)/serial")
        // `openssl ca` is the way OpenSSL 3.0 sets a validity in the past (-startdate/-enddate).
        try write(
            """
            [ ca ]
            default_ca = testca
            [ testca ]
            database = \(directory)/index.txt
            new_certs_dir = \(directory)
            serial = \(directory)/serial
            default_md = sha256
            policy = anything
            unique_subject = no
            [ anything ]
            commonName = supplied

            """, to: "\(directory)/ca.cnf")
        for ca in ["ca", "other-ca"] {
            try openssl(
                ["req", "-x509"] + ec + [
                    "-keyout", "\(directory)/\(ca).key", "-out", "\(directory)/\(ca).pem", "-subj",
                    "/CN=LVSRouter test \(ca)", "-days", "30",
                ])
        }
        for (name, subject) in [("good", "127.0.0.1"), ("named", serverName), ("expired", "127.0.0.1")] {
            try openssl(
                ["req", "-new"] + ec + [
                    "-keyout", "\(directory)/\(name).key", "-out", "\(directory)/\(name).csr", "-subj",
                    "/CN=\(subject)",
                ])
        }
        for (name, ext) in [("good", "ip.ext"), ("named", "name.ext")] {
            try openssl([
                "x509", "-req", "-in", "\(directory)/\(name).csr", "-CA", certificates.caFile, "-CAkey",
                "\(directory)/ca.key", "-CAcreateserial", "-out", "\(directory)/\(name).pem", "-days", "30",
                "-extfile", "\(directory)/\(ext)",
            ])
        }
        try openssl([
            "ca", "-batch", "-config", "\(directory)/ca.cnf", "-cert", certificates.caFile, "-keyfile",
            "\(directory)/ca.key", "-in", "\(directory)/expired.csr", "-out", certificates.expired.cert,
            "-startdate", "20200101000000Z", "-enddate", "20210101000000Z", "-extfile", "\(directory)/ip.ext",
            "-notext",
        ])
        return certificates
    }

    private static func openssl(_ arguments: [String]) throws(TestFixtureError) {
        let spec = ChildProcessSpec(
            executable: "openssl", arguments: arguments, standardOutput: .null, standardError: .null)
        let status: TerminationStatus
        do {
            status = try ProcessSpawner.run(spec)
        } catch {
            throw TestFixtureError("\(spec.commandLine): \(error)")
        }
        guard status.isSuccess else { throw TestFixtureError("\(spec.commandLine): \(status)") }
    }

    private static func write(_ text: String, to path: String) throws(TestFixtureError) {
        guard let file = fopen(path, "w") else { throw TestFixtureError("cannot create \(path): errno \(errno)") }
        defer { fclose(file) }
        guard fputs(text, file) >= 0 else { throw TestFixtureError("cannot write \(path)") }
    }
}

/// Removes `path` and the files in it (no subdirectories).
private func removeFlatDirectory(_ path: String) {
    guard let directory = opendir(path) else { return }
    var names: [String] = []
    // Bounded by the directory's entries (about 20 files here).
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) {
            String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        if name != "." && name != ".." { names.append(name) }
    }
    closedir(directory)
    for name in names { unlink("\(path)/\(name)") }
    rmdir(path)
}

/// A test fixture (certificates, a server process) that could not be set up.
struct TestFixtureError: Error, CustomStringConvertible, Sendable {
    let description: String
    init(_ description: String) { self.description = description }
}
