import CFileSwap
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A folder of output files written all at once: files go to a hidden sibling folder first, which then
/// replaces the destination in one step (Linux's renameat2 exchange, so that a reader never sees the folder
/// missing or half-written; two renames where the file system cannot exchange). A run that fails leaves no
/// partial output behind, and the hidden folders of runs that died (killed mid-write) are cleared by the next.
///
/// The destination may be missing, empty, or an earlier output of this tool (it holds the marker file
/// `.rotation-output`); anything else is refused, and so is a destination that is, or holds, an input.
public struct OutputDirectory {
    public static let marker = ".rotation-output"

    public let destination: URL
    private var files: [(name: String, data: Data)] = []

    public init(_ destination: URL) { self.destination = destination.standardizedFileURL }

    public mutating func add(_ name: String, _ text: String) { files.append((name, Data(text.utf8))) }
    public mutating func add(_ name: String, data: Data) { files.append((name, data)) }

    public var fileNames: [String] { files.map(\.name) }
    /// Every file added so far, by path relative to the folder (a server stores them instead of writing them).
    public var contents: [(name: String, data: Data)] { files }
    /// Whether this output is a county dataset (`rotation generate`, `rotation adopt`): only such an output may
    /// replace a folder that holds one (`teachers.csv` or `county.xlsx`), which a person may have edited since.
    public var isDataset = false

    /// Adds every file of `other` under the subfolder `folder` (a plan of each year inside a simulation's folder).
    public mutating func add(_ other: OutputDirectory, under folder: String) {
        for f in other.files { files.append((folder + "/" + f.name, f.data)) }
    }

    public enum Failure: Error, CustomStringConvertible {
        case refused(String, zh: String)
        case writeFailed(String, zh: String)
        public var description: String {
            switch self {
            case .refused(let s, _): return s
            case .writeFailed(let s, _): return s
            }
        }
        /// The message in Chinese.
        public var chinese: String {
            switch self {
            case .refused(_, let z): return z
            case .writeFailed(_, let z): return z
            }
        }
    }

    /// Checks that writing to the destination would not touch `inputs` or someone else's folder.
    public func check(protecting inputs: [URL]) throws {
        let dest = destination.resolvingSymlinksInPath().path
        for input in inputs {
            let p = input.standardizedFileURL.resolvingSymlinksInPath().path
            if p == dest || p.hasPrefix(dest + "/") {
                throw Failure.refused("refusing to write into \(destination.path): it holds the input \(input.path); "
                                      + "choose another --out folder",
                                      zh: "不写入 \(destination.path)：其中有输入文件 \(input.path)；请另选 --out 文件夹")
            }
        }
        var isDirectory: ObjCBool = false
        let fm = FileManager.default
        if fm.fileExists(atPath: dest, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw Failure.refused("refusing to replace \(destination.path): it is a file, not a folder",
                                      zh: "不替换 \(destination.path)：它是文件，不是文件夹")
            }
            let contents = (try? fm.contentsOfDirectory(atPath: dest)) ?? []
            if !isDataset && (contents.contains("teachers.csv") || contents.contains("county.xlsx")) {
                throw Failure.refused("refusing to replace \(destination.path): it holds a county's data (teachers.csv or county.xlsx), "
                                      + "which may have been edited since; choose another --out folder",
                                      zh: "不替换 \(destination.path)：其中有县数据（teachers.csv 或 county.xlsx），可能已被修改；请另选 --out 文件夹")
            }
            if !contents.isEmpty && !contents.contains(Self.marker) {
                throw Failure.refused("refusing to replace \(destination.path): the folder is not empty and was not "
                                      + "written by rotation; choose another --out folder",
                                      zh: "不替换 \(destination.path)：该文件夹不是空的，也不是 rotation 写出的；请另选 --out 文件夹")
            }
        }
    }

    /// Writes every file, then puts the folder in place of the destination.
    public func commit(protecting inputs: [URL] = []) throws {
        try check(protecting: inputs)
        let fm = FileManager.default
        let parent = destination.deletingLastPathComponent()
        let name = destination.lastPathComponent
        let pid = ProcessInfo.processInfo.processIdentifier
        let staging = parent.appendingPathComponent(".\(name).tmp-\(pid)")
        let retired = parent.appendingPathComponent(".\(name).old-\(pid)")
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
            try? fm.removeItem(at: staging)
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
            for file in files + [(Self.marker, Data("written by rotation; this folder may be replaced by the next run\n".utf8))] {
                let url = staging.appendingPathComponent(file.name)
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try file.data.write(to: url)
            }
            if fm.fileExists(atPath: destination.path) {
                if rp_exchange(staging.path, destination.path) == 0 {
                    // The old output is now at the staging path.
                    try? fm.removeItem(at: staging)
                } else {
                    try? fm.removeItem(at: retired)
                    try fm.moveItem(at: destination, to: retired)
                    do {
                        try fm.moveItem(at: staging, to: destination)
                    } catch {
                        try? fm.moveItem(at: retired, to: destination)
                        throw error
                    }
                    try? fm.removeItem(at: retired)
                }
            } else {
                try fm.moveItem(at: staging, to: destination)
            }
            Self.clearStale(beside: destination)
        } catch {
            try? fm.removeItem(at: staging)
            throw Failure.writeFailed("could not write \(destination.path): \(Self.describe(error))",
                                      zh: "无法写入 \(destination.path)：\(Self.describe(error))")
        }
    }

    /// Removes the hidden staging folders (`.NAME.tmp-PID`, `.NAME.old-PID`) that runs of this tool left beside
    /// `destination` when they died; those of a process still running are left alone.
    static func clearStale(beside destination: URL) {
        let fm = FileManager.default
        let parent = destination.deletingLastPathComponent(), name = destination.lastPathComponent
        for entry in (try? fm.contentsOfDirectory(atPath: parent.path)) ?? [] {
            for kind in [".tmp-", ".old-"] {
                let prefix = "." + name + kind
                guard entry.hasPrefix(prefix), let pid = Int32(entry.dropFirst(prefix.count)) else { continue }
                if kill(pid, 0) != 0 && errno == ESRCH {
                    try? fm.removeItem(at: parent.appendingPathComponent(entry))
                }
            }
        }
    }

    /// A file-system error in words: the system's reason and the path it is about, not Foundation's
    /// "NSCocoaErrorDomain error 512".
    public static func describe(_ error: Error) -> String {
        let e = error as NSError
        let path = e.userInfo[NSFilePathErrorKey] as? String
        if let underlying = e.userInfo[NSUnderlyingErrorKey] as? NSError {
            return underlying.localizedDescription + (path.map { " (\($0))" } ?? "")
        }
        return e.localizedDescription + (path.map { " (\($0))" } ?? "")
    }
}
