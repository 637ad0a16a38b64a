//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package main

import (
	"os"
	"syscall"
	"time"
)

// lockDir takes an exclusive advisory lock on the folder dir, for the short
// time a run checks and replaces a pair of files in it (a customer file and
// its settings record), so that two runs on one -o do not interleave there.
// Where the folder cannot be locked (some network file systems) it goes on
// unlocked (also after
// waiting five seconds): the settings record's SHA-256 still ties it to its file.
func lockDir(dir string) (unlock func()) {
	f, err := os.Open(dir)
	if err != nil {
		return func() {}
	}
	// Never wait long: a script may hold the folder with flock(1) around
	// the whole run, and the lock is only a help.
	for i := 0; ; i++ {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			break
		}
		if err != syscall.EWOULDBLOCK && err != syscall.EINTR || i == 500 {
			f.Close()
			return func() {}
		}
		time.Sleep(10 * time.Millisecond)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}
}
