package rfm

import (
	"bytes"
	"encoding/binary"
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
	adviseHuge(t.slots)
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
	adviseHuge(ns)
	copy(ns, s)
	return ns
}

// blockList is a list that grows a block at a time: appending never copies
// what is there, and no block is allocated twice over, as a slice that
// doubles is; only the first block starts small and grows as a slice, so
// that a small input does not clear a whole block. Its elements hold no
// pointers.
type blockList[T any] struct {
	blocks [][]T
	n      int
}

// listBlock is how many elements a block of a blockList holds.
const (
	listShift = 16
	listBlock = 1 << listShift
)

// push appends v.
func (l *blockList[T]) push(v T) {
	if l.n&(listBlock-1) == 0 {
		size := listBlock
		if l.n == 0 {
			size = 64
		}
		b := make([]T, 0, size)
		adviseHuge(b)
		l.blocks = append(l.blocks, b)
	}
	b := &l.blocks[len(l.blocks)-1]
	*b = append(*b, v)
	l.n++
}

// at returns element i.
func (l *blockList[T]) at(i uint32) *T { return &l.blocks[i>>listShift][i&(listBlock-1)] }

// Len returns the number of elements.
func (l *blockList[T]) Len() int { return l.n }

// byteArena holds byte strings back to back, each after its length as a
// uvarint, in blocks that never move: a string is found by the offset add
// returns (the block in the high 32 bits), and the strings can be read in
// order.
type byteArena struct {
	blocks [][]byte
}

// arenaBlock is the least size of a block of a byteArena after the first,
// which starts at 4 KiB.
const arenaBlock = 1 << 20

// add appends s and returns its offset.
func (a *byteArena) add(s []byte) uint64 {
	need := binary.MaxVarintLen64 + len(s)
	k := len(a.blocks) - 1
	if k < 0 || len(a.blocks[k])+need > cap(a.blocks[k]) {
		size := arenaBlock
		if k < 0 {
			size = 4 << 10 // a small input does not clear a whole block
		}
		a.blocks = append(a.blocks, make([]byte, 0, max(size, need)))
		k++
	}
	b := a.blocks[k]
	off := uint64(k)<<32 | uint64(len(b))
	b = binary.AppendUvarint(b, uint64(len(s)))
	a.blocks[k] = append(b, s...)
	return off
}

// at returns the string at offset off.
func (a *byteArena) at(off uint64) []byte {
	b := a.blocks[off>>32][uint32(off):]
	n, w := binary.Uvarint(b)
	return b[w : w+int(n) : w+int(n)]
}

// each calls f with each string and its offset, in the order added.
func (a *byteArena) each(f func(s []byte, off uint64)) {
	for k, b := range a.blocks {
		for p := 0; p < len(b); {
			n, w := binary.Uvarint(b[p:])
			f(b[p+w:p+w+int(n)], uint64(k)<<32|uint64(p))
			p += w + int(n)
		}
	}
}
