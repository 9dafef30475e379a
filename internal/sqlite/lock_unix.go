//go:build unix

package sqlite

import (
	"fmt"
	"os"
	"syscall"
)

// lockDir takes an exclusive flock on a folder (not on the database file:
// closing any descriptor of that file would drop the POSIX locks SQLite
// holds on it) and returns the function that releases it.
func lockDir(dir string) (func(), error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
