extension HealthCheckSettings {
    /// nanny's flags for lvs.cf's check extensions (`--check`, `--http-*`, `--tls-*`, `--dns-*`,
    /// `--smtp-helo`, `--rise`, `--fall`); none unless the file sets them, so a `client_monitor`
    /// written for Piranha's flags keeps working. lvsd and the fos daemon both pass them.
    public var nannyExtensionArguments: [String] {
        var arguments: [String] = []
        if let type = checkType { arguments += ["--check", type.rawValue] }
        for (field, value) in protocolCheck.fields { arguments += ["--\(field.rawValue)", value] }
        if protocolCheck.tlsVerify == true { arguments.append("--tls-verify") }
        if let rise = riseFall.rise { arguments += ["--rise", "\(rise)"] }
        if riseFall.fall != 1 { arguments += ["--fall", "\(riseFall.fall)"] }
        return arguments
    }
}
