// Command scimbridge is the SCIM provisioning bridge, its account service,
// and the tools around them, in one binary. Each command lives in its own
// file and only wires packages together.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// command is one subcommand.
type command struct {
	name, summary string
	run           func(ctx context.Context, args []string, out, logOut io.Writer) error
}

func commands() []command {
	return []command{
		{"serve", "run the bridge (configured by OP_* environment variables)", runServe},
		{"account", "run and administer the account service (init, serve, people, groups, audit)", runAccount},
		{"setup", "create the provisioning integration: write the scimsession, print the bearer token", runSetup},
		{"quickstart", "run account, setup and bridge in one process on embedded defaults", runQuickstart},
		{"healthcheck", "exit 0 when the local bridge answers /ping", runHealthcheck},
		{"bench", "drive a running bridge the way identity providers do, and report throughput and latency", runBench},
		{"version", "print the version and build", runVersion},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	tuneCollector(os.Args[1:], os.Getenv)
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, out, errOut io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(out)
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			err := c.run(ctx, args[1:], out, errOut)
			switch {
			case err == nil:
				return 0
			case errors.Is(err, flag.ErrHelp):
				return 0
			case errors.Is(err, errUsage):
				fmt.Fprintln(errOut, "scimbridge:", err)
				return 2
			default:
				fmt.Fprintln(errOut, "scimbridge:", err)
				return 1
			}
		}
	}
	fmt.Fprintf(errOut, "scimbridge: unknown command %q\n\n", args[0])
	usage(errOut)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: scimbridge <command> [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun scimbridge <command> -h for its flags.")
}

// errUsage marks errors in how a command was called.
var errUsage = errors.New("usage")

func usageError(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errUsage, fmt.Sprintf(format, args...))
}

// newFlags makes a flag set that reports errors instead of exiting.
func newFlags(name string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("scimbridge "+name, flag.ContinueOnError)
	fs.SetOutput(out)
	return fs
}

// parse parses flags, turning flag errors into usage errors. Flags may
// come before or after positional arguments (accept-invite EMAIL --data-dir
// DIR reads as naturally as the other way round); the positional ones are
// left in fs.Args().
func parse(fs *flag.FlagSet, args []string) error {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return usageError("%v", err)
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		if args[0] == "--" {
			positional = append(positional, args[1:]...)
			break
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
	// Parse the positional arguments alone, so fs.Args() returns them.
	return fs.Parse(append([]string{"--"}, positional...))
}
