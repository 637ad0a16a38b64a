//go:build !unix

package ingest

import "errors"

func mkfifo(path string) error { return errors.New("no named pipes") }
