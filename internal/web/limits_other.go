//go:build !unix

package web

func defaultTotalConns() int { return 10000 }
