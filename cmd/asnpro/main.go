// Command asnpro runs asnpro: the server and its administrative commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"asnpro/internal/app"

	_ "time/tzdata" // WIB without the host's zoneinfo
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := app.Run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
