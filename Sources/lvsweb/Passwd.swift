import ArgumentParser
import DaemonSupport
import LVSWeb

/// `lvsweb passwd`: sets the login's password (as `piranha-passwd` did), stored as a bcrypt hash
/// in a file only its owner can read.
struct Passwd: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Set the user and password of the web tool.",
        discussion: """
            Asks for the password twice on a terminal; otherwise reads one line from standard \
            input. Writes USER:BCRYPT-HASH to the password file with mode 0600. lvsweb reads the \
            file at start: restart it after a change.
            """
    )

    @Option(name: .customLong("password-file"), help: ArgumentHelp("The password file.", valueName: "FILE"))
    var passwordFile = PasswordFile.defaultPath

    @Option(name: .long, help: ArgumentHelp("The user name.", valueName: "NAME"))
    var user = PasswordFile.defaultUser

    func run() throws {
        guard let password = Console.readSecret(prompt: "New password for \(user): ") else {
            Console.error("lvsweb passwd: no password given")
            throw ExitCode(1)
        }
        if Console.standardInputIsTerminal {
            guard Console.readSecret(prompt: "Again: ") == password else {
                Console.error("lvsweb passwd: the passwords differ; nothing changed")
                throw ExitCode(1)
            }
        }
        do {
            try PasswordFile.make(user: user, password: password).write(to: passwordFile)
        } catch {
            Console.error("lvsweb passwd: \(error)")
            throw ExitCode(1)
        }
        Console.print("lvsweb: password of \(user) set in \(passwordFile)")
    }
}

/// `lvsweb metrics-token`: makes the bearer token Prometheus sends for `/metrics`.
struct MetricsToken: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics-token",
        abstract: "Make a new bearer token for /metrics and print it.",
        discussion: """
            Writes a random token to the file (mode 0600) and prints it, for Prometheus's \
            authorization credentials_file. Start lvsweb with --metrics-token-file FILE to serve \
            /metrics.
            """
    )

    @Option(name: .customLong("file"), help: ArgumentHelp("The token file.", valueName: "FILE"))
    var file = SecretToken.defaultMetricsTokenPath

    func run() throws {
        let token = SecretToken.make()
        do {
            try SecretToken.write(token, to: file)
        } catch {
            Console.error("lvsweb metrics-token: \(error)")
            throw ExitCode(1)
        }
        Console.print(token)
    }
}
