package upload

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
)

// pngEnd is the last chunk of every PNG: IEND, empty, with its CRC.
var pngEnd = []byte("\x00\x00\x00\x00IEND\xaeB`\x82")

// checkPNG checks what a PNG must have at its ends: the signature followed
// by an IHDR chunk of 13 bytes with a true CRC and a width and height
// above zero, and the IEND chunk last. A truncated or patched file fails.
func checkPNG(head, tail []byte) *damage {
	if len(head) < 33 || string(head[12:16]) != "IHDR" || binary.BigEndian.Uint32(head[8:12]) != 13 {
		return &damage{}
	}
	if crc32.ChecksumIEEE(head[12:29]) != binary.BigEndian.Uint32(head[29:33]) {
		return &damage{}
	}
	if binary.BigEndian.Uint32(head[16:20]) == 0 || binary.BigEndian.Uint32(head[20:24]) == 0 {
		return &damage{}
	}
	if !bytes.HasSuffix(tail, pngEnd) {
		return &damage{}
	}
	return nil
}
