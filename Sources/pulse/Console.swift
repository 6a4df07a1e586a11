import DaemonSupport

/// One line on standard error, for problems before the log is set up or when it goes elsewhere.
enum Console {
    static func error(_ line: String) {
        try? FileDescriptor.standardError.writeAll(Array((line + "\n").utf8))
    }
}
