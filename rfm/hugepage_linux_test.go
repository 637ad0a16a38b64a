package rfm

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
	"unsafe"
)

// TestAdviseHuge checks on Linux that a large table's memory is marked for
// huge pages (the "hg" flag of its mapping in /proc/self/smaps) and that a
// small one is left alone. The kernel can be built or set without them:
// the test then skips.
func TestAdviseHuge(t *testing.T) {
	if b, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled"); err != nil || strings.Contains(string(b), "[never]") {
		t.Skip("transparent huge pages are not available here")
	}
	big := make([]uint64, 8<<20/8)
	adviseHuge(big)
	if !hugeFlag(t, uintptr(unsafe.Pointer(&big[len(big)/2]))) {
		t.Error("an 8 MiB table is not marked for huge pages")
	}
	// Appending past the capacity is not the advised memory's business:
	// an empty slice with room, and a small one, must not fail.
	adviseHuge(make([]custState, 0, 1<<16))
	adviseHuge([]byte{1, 2, 3})
	adviseHuge([]uint32(nil))
}

// hugeFlag reports whether the mapping that holds addr has the hg flag.
func hugeFlag(t *testing.T, addr uintptr) bool {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skip("no /proc/self/smaps")
	}
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		var lo, hi uintptr
		if n, _ := fmt.Sscanf(line, "%x-%x", &lo, &hi); n == 2 && strings.Contains(line, " ") {
			in = lo <= addr && addr < hi
			continue
		}
		if in && strings.HasPrefix(line, "VmFlags:") {
			return strings.Contains(line, " hg")
		}
	}
	t.Fatalf("no mapping holds %#x", addr)
	return false
}
