#if canImport(Glibc)
import Glibc
#endif
import LVSConfig
import Units

/// `lvscf-bench FILE [RUNS]`: reads FILE, parses and validates it RUNS times (default 5), and
/// prints the median and best time and the process's peak resident memory (VmHWM). Exits 1 if
/// the file has errors, so a broken generator cannot produce a fast but meaningless figure.
@main
struct ConfigParseBenchmark {
    static func main() {
        let args = CommandLine.arguments
        guard args.count >= 2, args.count <= 3, let runs = args.count == 3 ? Int(args[2]) : 5, runs > 0 else {
            fail("usage: lvscf-bench FILE [RUNS]")
        }
        let bytes: [UInt8]
        do {
            bytes = try LVSConfigFile.read(args[1])
        } catch {
            fail("lvscf-bench: \(error)")
        }
        let parser = LVSConfigParser()
        let clock = ContinuousClock()
        var times: [Duration] = []
        var services = 0
        var servers = 0
        for _ in 0..<runs {
            let start = clock.now
            let result = parser.parse(bytes, file: args[1])
            times.append(clock.now - start)
            if result.hasErrors {
                for d in result.errors.prefix(5) { printError(d.description) }
                fail("lvscf-bench: \(args[1]) has \(result.errorCount) errors")
            }
            services = result.config.virtualServices.count
            servers = result.config.virtualServices.reduce(0) { $0 + $1.servers.count }
        }
        times.sort()
        let perService = services > 0 ? servers / services : 0
        print(
            "config-parse: \(services) services x \(perService) servers: parse+validate \(ms(times[times.count / 2])) ms (median of \(runs), best \(ms(times[0])) ms; target <= 150 ms)"
        )
        print("config-parse: peak memory \(peakMemoryMB()) MB (VmHWM; target <= 100 MB)")
    }

    static func ms(_ d: Duration) -> String {
        d.fixedText(in: .milliseconds, decimals: 1)
    }

    /// VmHWM from /proc/self/status, in MB (10^6 bytes), one decimal.
    static func peakMemoryMB() -> String {
        guard let f = fopen("/proc/self/status", "r") else { return "?" }
        defer { fclose(f) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), f) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard text.hasPrefix("VmHWM:") else { continue }
            let kB = Int(text.dropFirst(6).filter(\.isNumber)) ?? 0
            let tenths = (kB * 1024 + 50_000) / 100_000
            return "\(tenths / 10).\(tenths % 10)"
        }
        return "?"
    }

    static func printError(_ s: String) {
        let bytes = Array((s + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }

    static func fail(_ s: String) -> Never {
        printError(s)
        exit(1)
    }
}
