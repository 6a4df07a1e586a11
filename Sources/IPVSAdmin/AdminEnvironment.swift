import IPVS

/// What lvsadm needs from the outside world. The `lvsadm` executable passes the real ones;
/// tests pass an in-memory table and capture the output.
public struct AdminEnvironment {
    /// Opens the IPVS table (the kernel's, in the caller's network namespace).
    public var openTable: () throws(IPVSError) -> any IPVSTable
    /// Runs `/sbin/modprobe -- ip_vs`; true if it succeeded. Tried once when opening fails.
    public var loadModule: () -> Bool
    /// All of standard input (for `-R`).
    public var readStandardInput: () -> [UInt8]
    /// The contents of `/proc/net/ip_vs_conn`, or nil if it cannot be opened (for `-L -c`).
    public var readConnectionTable: () -> [UInt8]?
    /// Writes to standard output.
    public var writeOutput: ([UInt8]) -> Void
    /// Writes to standard error.
    public var writeError: ([UInt8]) -> Void
    /// Whether standard output is a terminal (then it is written line by line, like stdio does).
    public var outputIsTerminal: Bool
    /// popt's `POSIXLY_CORRECT` mode: options end at the first non-option word.
    public var posixlyCorrect: Bool

    /// Creates an environment.
    public init(
        openTable: @escaping () throws(IPVSError) -> any IPVSTable, loadModule: @escaping () -> Bool,
        readStandardInput: @escaping () -> [UInt8], readConnectionTable: @escaping () -> [UInt8]?,
        writeOutput: @escaping ([UInt8]) -> Void, writeError: @escaping ([UInt8]) -> Void,
        outputIsTerminal: Bool = false, posixlyCorrect: Bool = false
    ) {
        self.openTable = openTable
        self.loadModule = loadModule
        self.readStandardInput = readStandardInput
        self.readConnectionTable = readConnectionTable
        self.writeOutput = writeOutput
        self.writeError = writeError
        self.outputIsTerminal = outputIsTerminal
        self.posixlyCorrect = posixlyCorrect
    }
}
