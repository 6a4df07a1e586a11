import Foundation

extension Lab {
    /// Kills every process in the namespaces of every lab of this process and deletes those
    /// namespaces and the labs' directories, without touching the labs' objects: safe to call from
    /// another thread (a signal handler thread) just before exiting.
    public static func tearDownAll() {
        for prefix in LabRegistry.all {
            let names = LabNetwork.namespaces(withPrefix: prefix)
            for name in names { LabNetwork.killProcesses(inNamespaceFile: "/run/netns/" + name) }
            LabNetwork.delete(namespaces: names)
            LabRegistry.remove(prefix)
        }
        for directory in LabRegistry.allDirectories {
            try? FileManager.default.removeItem(atPath: directory)
            LabRegistry.remove(directory: directory)
        }
    }
}
