//go:build !linux

package rfm

// adviseHuge asks for huge pages on Linux only (see hugepage_linux.go).
func adviseHuge[T any](s []T) {}
