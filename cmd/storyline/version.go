package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

func (a *app) newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprintf(a.stdout, "storyline %s (%s)\n", moduleVersion(), runtime.Version())
			return err
		},
	}
}

// moduleVersion is the version set at build time (-X main.version), else
// the module's version when the binary was built by `go install
// …@VERSION`, else the version of the source tree.
func moduleVersion() string {
	if version != devVersion {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return version
}
