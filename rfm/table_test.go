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

// TestLastCustomerShortcut adds consecutive rows whose customer ids share
// one hash but differ (short ids that differ in a byte or in length, long
// ids that differ at either end): the shortcut for the last row's customer
// must not take one for the other.
func TestLastCustomerShortcut(t *testing.T) {
	ids := []string{"a", "b", "b\x00", "abcdefg", "abcdefh", "long-id-000001", "long-id-000002", "Xong-id-000002", "b", "long-id-000002", "long-id-000002"}
	a := NewAggregator(false, 0, ReturnsNet)
	parts := a.Split(1)
	for _, id := range ids {
		parts[0].AddHashed(&Row{Customer: []byte(id), Date: DateOf(2024, 1, 1), Amount: AmountFromMicros(1_000_000)}, 42)
	}
	cs, _ := a.Customers(DateOf(2024, 2, 1), MonetarySum)
	want := map[string]int64{"a": 1, "b": 2, "b\x00": 1, "abcdefg": 1, "abcdefh": 1, "long-id-000001": 1, "long-id-000002": 3, "Xong-id-000002": 1}
	if len(cs) != len(want) {
		t.Fatalf("%d customers, want %d", len(cs), len(want))
	}
	for _, c := range cs {
		if c.Frequency != want[c.ID] {
			t.Errorf("customer %q: %d rows, want %d", c.ID, c.Frequency, want[c.ID])
		}
	}
}
