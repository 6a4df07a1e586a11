/// ipvsadm's commands (`CMD_*`), in the order of its command/option matrix.
enum AdminCommand: Int, CaseIterable, Sendable {
    case addService, editService, deleteService, flush, list, addServer, deleteServer, editServer
    case setTimeouts, startDaemon, stopDaemon, restore, save, zero

    /// The name in ipvsadm's messages (`cmdnames[]`).
    var name: String {
        switch self {
        case .addService: "add-service"
        case .editService: "edit-service"
        case .deleteService: "delete-service"
        case .flush: "flush"
        case .list: "list"
        case .addServer: "add-server"
        case .deleteServer: "delete-server"
        case .editServer: "edit-server"
        case .setTimeouts: "set"
        case .startDaemon: "start-daemon"
        case .stopDaemon: "stop-daemon"
        case .restore: "restore"
        case .save: "save"
        case .zero: "zero"
        }
    }
}
