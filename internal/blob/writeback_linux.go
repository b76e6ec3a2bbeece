//go:build linux

package blob

import (
	"os"

	"golang.org/x/sys/unix"
)

// startWriteback asks the kernel to start writing f's pages to disk now,
// without waiting for it (sync_file_range(2), SYNC_FILE_RANGE_WRITE). In a
// registration surge documents arrive at up to 100 MB/s; left to the
// kernel's 30-second expiry of dirty pages, they go to disk in bursts of
// gigabytes that hold up the database's own fsyncs for seconds. This is not
// durability (Config.Durable is): only an even flow to the disk.
func startWriteback(f *os.File) {
	_ = unix.SyncFileRange(int(f.Fd()), 0, 0, unix.SYNC_FILE_RANGE_WRITE)
}
