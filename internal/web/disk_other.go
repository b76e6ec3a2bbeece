//go:build !unix

package web

func freeBytes(string) (uint64, bool) { return 0, false }
