//go:build unix

package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// makePrivate keeps the SQLite databases from other users of the machine: every file this process
// creates from now on (databases, WAL and shared-memory files) is 0600 in a 0700 folder, and files an
// earlier version left readable are tightened the same way.
func makePrivate(dir string) error {
	syscall.Umask(0o077)
	return filepath.WalkDir(dir, func(path string, entry fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch {
		case entry.IsDir():
			return os.Chmod(path, 0o700)
		case entry.Type().IsRegular():
			return os.Chmod(path, 0o600)
		default:
			// Links and the like are left alone: chmod would change what they point to.
			return nil
		}
	})
}
