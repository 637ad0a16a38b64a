package rfm

import (
	"bytes"
	"hash/maphash"
)

// keyTable maps byte strings to dense indices 0, 1, 2, … in insertion order.
// Keys live in one arena and the slots are plain integers, so the table holds
// no pointers: a million customers cost the garbage collector nothing, and a
// lookup does not allocate.
type keyTable struct {
	seed   maphash.Seed
	arena  []byte
	starts []uint64 // key i is arena[starts[i]:starts[i+1]]
	slots  []uint64 // 0 empty, else index+1 in the low 32 bits and hash bits above
	n      int
}

func newKeyTable(size int) *keyTable {
	c := 16
	for c < size*2 {
		c <<= 1
	}
	return &keyTable{seed: maphash.MakeSeed(), starts: []uint64{0}, slots: make([]uint64, c)}
}

// Len returns the number of keys.
func (t *keyTable) Len() int { return t.n }

// Key returns key i; it stays valid until the next insert.
func (t *keyTable) Key(i uint32) []byte { return t.arena[t.starts[i]:t.starts[i+1]] }

// Index returns key's index, inserting it when absent.
func (t *keyTable) Index(key []byte) (idx uint32, inserted bool) {
	return t.IndexHash(key, maphash.Bytes(t.seed, key))
}

// IndexHash is Index for a key whose hash with the table's seed is h.
func (t *keyTable) IndexHash(key []byte, h uint64) (idx uint32, inserted bool) {
	tag := h &^ 0xffffffff
	mask := uint64(len(t.slots) - 1)
	for i := (h >> 32) & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			idx = uint32(t.n)
			t.slots[i] = tag | uint64(idx+1)
			t.arena = append(grow(t.arena, len(key)), key...)
			t.starts = append(grow(t.starts, 1), uint64(len(t.arena)))
			t.n++
			if t.n*4 > len(t.slots)*3 {
				t.grow()
			}
			return idx, true
		}
		if s&^0xffffffff == tag {
			j := uint32(s) - 1
			if bytes.Equal(t.Key(j), key) {
				return j, false
			}
		}
	}
}

func (t *keyTable) grow() {
	old := t.slots
	t.slots = make([]uint64, len(old)*2)
	mask := uint64(len(t.slots) - 1)
	for _, s := range old {
		if s == 0 {
			continue
		}
		// The slot's tag is the key's hash: no need to hash the key again.
		for i := (s >> 32) & mask; ; i = (i + 1) & mask {
			if t.slots[i] == 0 {
				t.slots[i] = s
				break
			}
		}
	}
}

// grow makes room for n more elements, doubling the capacity when it must:
// append grows large slices by only a quarter, which copies big tables
// several times over.
func grow[T any](s []T, n int) []T {
	if len(s)+n <= cap(s) {
		return s
	}
	ns := make([]T, len(s), max(2*cap(s), len(s)+n, 64))
	copy(ns, s)
	return ns
}
