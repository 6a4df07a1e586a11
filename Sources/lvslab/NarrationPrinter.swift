import Glibc
import LVSLab
import Units

/// Prints the demo's lines as they come: `[ 12.34 s] text`, details indented under them, a blank
/// line before each step; colour codes only when asked to.
struct NarrationPrinter {
    let colored: Bool

    func print(_ line: NarrationLine) {
        let stamp = "[\(Self.pad(Self.seconds(line.elapsed), to: 7)) s] "
        let indent = String(repeating: " ", count: stamp.count)
        let text: String
        switch line.kind {
        case .title: text = paint(line.text, "1")
        case .step: text = "\n" + stamp + paint(line.text, "1")
        case .action: text = stamp + line.text
        case .detail: text = indent + "  " + line.text
        case .passed: text = stamp + paint(line.text, "32")
        case .failed: text = stamp + paint(line.text, "1;31")
        case .summary: text = line.text
        }
        let bytes = Array((text + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if written <= 0 { return }
            offset += written
        }
    }

    private func paint(_ text: String, _ code: String) -> String {
        colored ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    private static func seconds(_ duration: Duration) -> String {
        duration.fixedText(in: .seconds, decimals: 2)
    }

    private static func pad(_ text: String, to width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
