import BearingPanel

/// The bytes of an output file, produced in order, chunk by chunk, when the file is written.
///
/// A large table renders each chunk while the chunks before it are being written, and is
/// never joined into one buffer (`OutputFile.write(to:)`). The chunks are the same on every
/// call, so an `OutputFile` can also be read whole (`OutputFile.bytes`).
public protocol ChunkedContent: Sendable {
    /// Hands every chunk to `emit`, in file order; stops at the first error `emit` throws.
    func produce<Failure: Error>(_ emit: (UnsafeRawBufferPointer) throws(Failure) -> Void) throws(Failure)
}
