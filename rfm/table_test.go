package rfm

import (
	"bytes"
	"fmt"
	"testing"
)

// TestKeyTable checks that every key gets one index and keeps it, with keys
// that differ little: empty, zero bytes, one byte apart, 7 and 8 bytes long,
// long keys that share 7 or 8 bytes. Forcing one hash for all makes every
// key meet every other in one probe chain, with equal tags.
func TestKeyTable(t *testing.T) {
	keys := []string{"", "\x00", "\x00\x00", "a", "a\x00", "\x00a", "ab", "ba", "\x07", "\x07\x00\x00\x00\x00\x00\x00",
		"abcdefg", "abcdefh", "abcdefgh", "xbcdefgh", "abcdefgh\x00", "\xffabcdefg", "\xff\xff\xff\xff\xff\xff\xff",
		"\xff\xff\xff\xff\xff\xff\xff\xff", "long-id-0000001", "LONG-id-0000001", "长订单号", "长订单号长"}
	for i := range 300 {
		keys = append(keys, fmt.Sprintf("c%d", i), fmt.Sprintf("customer-%06d", i))
	}
	for _, forced := range []bool{false, true} {
		tab := newKeyTable(0)
		index := func(k []byte) (uint32, bool) {
			if forced {
				return tab.IndexHash(k, 0x1234_5678_9abc_def0)
			}
			return tab.Index(k)
		}
		for round := range 2 {
			for i, k := range keys {
				idx, inserted := index([]byte(k))
				if inserted != (round == 0) || idx != uint32(i) {
					t.Fatalf("forced=%v round %d: key %q got index %d (inserted %v), want %d", forced, round, k, idx, inserted, i)
				}
				if !bytes.Equal(tab.Key(idx), []byte(k)) {
					t.Fatalf("Key(%d) = %q, want %q", idx, tab.Key(idx), k)
				}
			}
		}
		if tab.Len() != len(keys) {
			t.Errorf("forced=%v: %d keys, want %d", forced, tab.Len(), len(keys))
		}
	}
}
