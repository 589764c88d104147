import Foundation

/// Turns receipt lines into the bytes an ESC/POS receipt printer (Epson TM-T20, TM-T88 and
/// compatibles) prints: `ESC @` to start clean, `ESC t 19` for code page PC858, each line
/// with its alignment (`ESC a`), emphasis (`ESC E`) and size (`GS !`), then a feed and a
/// partial cut (`GS V 66 n`). Text is encoded in PC858; typographic quotes and dashes
/// become plain ones, and any other character PC858 lacks becomes `?` and is reported.
public enum ESCPOSEncoder {
    public struct Encoded: Sendable, Equatable {
        public var bytes: [UInt8]
        /// Characters PC858 has no place for (printed as `?`).
        public var unprintable: [Character]
    }

    /// The lines fed and cut after the receipt, so the last line clears the cutter.
    public static let feedBeforeCut: UInt8 = 4

    public static func encode(_ lines: [ReceiptLine]) -> Encoded {
        var bytes: [UInt8] = [0x1B, 0x40, 0x1B, 0x74, CodePage858.escposNumber]
        var unprintable: [Character] = []
        for line in lines {
            bytes += [0x1B, 0x61, line.alignment.rawValue]
            bytes += [0x1B, 0x45, line.bold ? 1 : 0]
            bytes += [0x1D, 0x21, line.large ? 0x11 : 0x00]
            for character in line.text.precomposedStringWithCanonicalMapping {
                for scalar in character.unicodeScalars {
                    // Control characters would be commands: a line is text only.
                    if scalar.value < 0x20 || scalar.value == 0x7F {
                        bytes.append(0x20)
                    } else if let byte = CodePage858.byte(scalar) {
                        bytes.append(byte)
                    } else if let plain = CodePage858.plain[scalar.value] {
                        bytes += Array(plain.utf8)
                    } else if scalar.properties.generalCategory != .nonspacingMark {
                        bytes.append(UInt8(ascii: "?"))
                        unprintable.append(character)
                    }
                }
            }
            bytes.append(0x0A)
        }
        // Back to normal print, then feed and cut (function B: feed n lines, partial cut).
        bytes += [0x1B, 0x45, 0, 0x1D, 0x21, 0, 0x1B, 0x61, 0]
        bytes += [0x1D, 0x56, 66, feedBeforeCut]
        return Encoded(bytes: bytes, unprintable: unprintable)
    }
}
