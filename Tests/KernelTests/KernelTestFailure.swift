/// A kernel test's own set-up failing (not an expectation about the code under test).
struct KernelTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
