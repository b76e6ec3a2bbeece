// Package upload receives an uploaded document from a stream, checks it by
// content and size while it streams, and spools it to a temporary file.
//
// What it guarantees (DESIGN §3, §6):
//
//   - The format is decided by the bytes, never by the file name or the
//     client's Content-Type. [Sniff] names what a prefix looks like, so a
//     wrong file is refused with a message that says what it is ("Berkas ini
//     PNG, bukan JPEG").
//   - Memory per upload is bounded: one 32 KiB read buffer, a 4 KiB head, a
//     2 KiB tail and the validators' small state. The body goes to a
//     temporary file as it arrives; it is never held whole in memory.
//   - Reading stops as soon as the limit is passed: at most MaxBytes+1 bytes
//     are ever read from the source, so the caller can answer 413 without
//     draining the body.
//   - A wrong format is refused after at most 4 KiB have been read (plus
//     what the last read brought), and a JPEG as soon as its structure
//     breaks; a PDF's end can only be checked at the end, as a PNG's (its
//     IHDR chunk with a true CRC first, its IEND chunk last).
//   - Every rejection is an *Error with a stable code (too_large,
//     wrong_format, damaged, empty, incomplete) and a message by catalogue
//     key (internal/i18n/upload.go), read in Indonesian or English with
//     Message; each also carries the matching *apperr.Error, so the
//     web layer's usual mapping gives 413, 415, 422 and 400.
//
// Format checks (structure only; nothing is decoded or rendered):
//
// PDF: a "%PDF-d.d" header within the first 1024 bytes (when it is not at
// offset 0, the bytes before it must not be a known other format or HTML);
// "%%EOF" within the last 1024 bytes; "startxref" followed by a decimal
// offset just before that "%%EOF"; and at that offset (counted from the file
// start, or from the header when junk precedes it, as readers do) either a
// classic "xref" table or an indirect object ("N G obj") — a cross-reference
// stream. The offset check reads 32 bytes back from the spooled file.
// Encrypted PDFs and PDFs with JavaScript are not refused here: staff pages
// show documents inside a sandboxing CSP (DESIGN §5).
//
// JPEG: SOI (FF D8 FF); a walk over every marker segment with a valid length
// up to SOS; a SOFn before the first SOS with width and height in 1–20000
// (a height defined later by DNL is refused); the entropy-coded data is
// scanned (stuffed FF 00, RSTn, fill bytes; further segments between scans of
// a progressive JPEG are walked the same way) up to EOI (FF D9). Bytes after
// EOI are TOLERATED and counted in File.Trailing: phones append data there
// (Multi-Picture Format second images, vendor trailers), and refusing them
// would refuse ordinary photos. They still count towards the size limit, and
// the file is served with its checked type and nosniff, so a polyglot gains
// nothing. Callers that want to refuse them can test File.Trailing.
//
// Sizes: a KB is 1024 bytes (the limits of SSCASN 2024 are written in KB:
// a 200 KB pas foto is Rule{Formats: []Format{JPEG}, MaxBytes: 200 << 10}).
//
// File names: the client's name is never used for storage (the temporary
// file gets a random name from os.CreateTemp; the store is content
// addressed). [SafeName] makes a name fit for display only.
package upload
