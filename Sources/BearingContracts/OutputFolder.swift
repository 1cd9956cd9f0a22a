import BearingPanel
import Foundation

/// Writes a command's files into its output folder so that either all appear or none does.
public enum OutputFolder {
    /// Creates `directory` if needed, writes every file to a temporary name (chunked content is
    /// produced as it is written), then renames them all into place as one group (`AtomicOutput.commitAll`), holding the folder's
    /// `OutputFolderLock` meanwhile (another run writing it is waited for).
    public static func write(_ files: [OutputFile], into directory: String) throws(ContractError) {
        try create(directory)
        let folder = URL(fileURLWithPath: directory, isDirectory: true)
        var outputs: [AtomicOutput] = []
        do {
            let lock = try OutputFolderLock(directory: folder)
            defer { lock.release() }
            for file in files {
                let output = try AtomicOutput(destination: folder.appendingPathComponent(file.name))
                outputs.append(output)
                try file.write(to: output)
            }
            try AtomicOutput.commitAll(outputs)
        } catch {
            for output in outputs { output.abandon() }
            throw ContractError(path: "", message: error.description)
        }
    }

    /// Writes one file atomically (its folder is created if missing), holding the folder's lock.
    public static func write(_ bytes: [UInt8], to path: String) throws(ContractError) {
        let url = URL(fileURLWithPath: path)
        try create(url.deletingLastPathComponent().path)
        do {
            let lock = try OutputFolderLock(directory: url.deletingLastPathComponent())
            defer { lock.release() }
            try AtomicOutput.write(bytes, to: url)
        } catch {
            throw ContractError(path: "", message: error.description)
        }
    }

    /// Creates `directory` and its parents if missing.
    public static func create(_ directory: String) throws(ContractError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ContractError(path: directory, message: "cannot create the output folder: \(error.localizedDescription)")
        }
    }
}
