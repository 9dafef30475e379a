package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/storyline/storyline/internal/sharedtest"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"storyline": func() {
			err := run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
			os.Exit(exitCode(err, nil, os.Stderr))
		},
	})
}

// TestScripts runs the CLI scripts of testdata/script. $SHARED points to the
// shared data; scripts that need it start with `[!shared] skip`.
func TestScripts(t *testing.T) {
	shared := sharedtest.Path()
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("SHARED", shared)
			env.Setenv("EXAMPLES", filepath.Join(sharedtest.RepoRoot(), "examples"))
			return nil
		},
		Condition: func(cond string) (bool, error) {
			if cond == "shared" {
				_, err := os.Stat(filepath.Join(shared, "data", "seeds"))
				if err != nil && os.Getenv("STORYLINE_SHARED") != "" {
					t.Fatalf("STORYLINE_SHARED=%s set but its data is missing", shared)
				}
				return err == nil, nil
			}
			return false, nil
		},
	})
}
