package main

import "github.com/spf13/cobra"

// addExtraCommands registers the commands of the serving and feed stages.
func (a *app) addExtraCommands(root *cobra.Command) {
	root.AddCommand(newServeCmd(a), newWatchCmd(a), newFeedsCmd(a), newWorkerCmd(a))
}
