import CSV
import Foundation

/// Writes rows as RFC 4180 CSV text (LF line endings, a final newline), quoting only where needed.
public enum CSVText {
    public static func make(header: [String], rows: [[String]]) -> String {
        let stream = OutputStream.toMemory()
        stream.open()
        defer { stream.close() }
        do {
            let writer = try CSVWriter(stream: stream)
            try writer.write(row: header)
            for row in rows { try writer.write(row: row) }
        } catch {
            // Writing to memory cannot fail; keep the signature total.
            preconditionFailure("CSV writing to memory failed: \(error)")
        }
        let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
