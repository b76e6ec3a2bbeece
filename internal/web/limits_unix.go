//go:build unix

package web

import "syscall"

// defaultTotalConns leaves 256 of the process's file descriptors for the
// database, spooled uploads and logs.
func defaultTotalConns() int {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil || rl.Cur < 512 {
		return 256
	}
	n := rl.Cur - 256
	if n > 1<<20 {
		n = 1 << 20
	}
	return int(n)
}
