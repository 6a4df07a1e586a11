// nanny: checks one real server and reports its health to lvsd. Argument parsing and wiring only;
// the decisions live in HealthCheck's NannyStateMachine.
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "--fork-server" {
    NannyForkServer.run(Array(arguments.dropFirst()))
}
NannyProgram.run(arguments)
