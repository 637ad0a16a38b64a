package report

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/segment"
)

// SplitBy chooses how a per-segment export groups customers.
type SplitBy int

// The groupings.
const (
	BySegment SplitBy = iota
	ByTier
	// ByLifecycle groups by lifecycle stage (rfm score --lifecycle).
	ByLifecycle
)

// ParseSplitBy reads "segment" (or "class"), "tier" and "lifecycle".
func ParseSplitBy(s string) (SplitBy, bool) {
	switch strings.ToLower(s) {
	case "segment", "class":
		return BySegment, true
	case "tier":
		return ByTier, true
	case "lifecycle":
		return ByLifecycle, true
	}
	return 0, false
}

func (b SplitBy) String() string { return [...]string{"segment", "tier", "lifecycle"}[b] }

// SplitGroup is one file of a per-segment export.
type SplitGroup struct {
	// File is the file's name, safe on every OS.
	File string
	// Name is the segment's name in the result's language, or the tier.
	Name string
	// Rows index the result's customers, in their order (by customer id).
	Rows []int
	// Prospects index the result's prospects (rfm score --customers), in
	// id order: the prospect list's.
	Prospects []int
}

// SplitGroups groups a result's customers into one file each: per segment,
// every segment of the scheme in report order (empty ones too, so that a
// segment that empties out leaves a file with its header only rather than
// last week's customers), and Other when a customer fell to it; per tier, A,
// B and C. File names are the segment's slug with --lang en
// (important-win-back.csv) and its Chinese name with --lang zh
// (重要挽留客户.csv), or tier-a.csv / A级客户.csv, made safe by SafeFileName.
func SplitGroups(r *Result, by SplitBy) []SplitGroup {
	var groups []SplitGroup
	seen := map[string]bool{}
	add := func(base, fallback, name string) {
		groups = append(groups, SplitGroup{File: uniqueFileName(SafeFileName(base, fallback), seen), Name: name})
	}
	// With a customer file, every grouping ends with the prospect list
	// (潜在客户.csv, prospect.csv): prospects have no class or tier.
	addProspects := func() []SplitGroup {
		if r.CustomerFile == nil {
			return groups
		}
		st := rfm.StageProspect
		add(StageName(st, r.Lang), st.EN(), StageName(st, r.Lang))
		g := &groups[len(groups)-1]
		for k := range r.Prospects {
			g.Prospects = append(g.Prospects, k)
		}
		return groups
	}
	if by == ByLifecycle && r.Lifecycle != nil {
		stages := rfm.Stages[:len(rfm.Stages)-1] // the prospect list comes last, with a customer file
		for _, st := range stages {
			add(StageName(st, r.Lang), st.EN(), StageName(st, r.Lang))
		}
		for i := range r.Customers {
			k := int(r.Lifecycle.Lives[i].Stage - rfm.StageNew)
			groups[k].Rows = append(groups[k].Rows, i)
		}
		return addProspects()
	}
	if by == ByTier {
		for _, t := range []string{"A", "B", "C"} {
			add(r.Lang.Pick(t+"级客户", "tier-"+strings.ToLower(t)), "tier-"+strings.ToLower(t), t)
		}
		for i := range r.Customers {
			k := TierRank(r.Assigned.Tier[i])
			if k > 0 {
				groups[3-k].Rows = append(groups[3-k].Rows, i)
			}
		}
		return addProspects()
	}
	classes := SchemeClasses(r.Scheme)
	at := map[*segment.Segment]int{}
	for k, seg := range classes {
		at[seg] = k
	}
	rows := make([][]int, len(classes))
	for i := range r.Customers {
		k := at[r.Scheme.SegmentOf(r.Assigned.Segment[i])]
		rows[k] = append(rows[k], i)
	}
	for k, seg := range classes {
		if seg == &segment.Other && len(rows[k]) == 0 {
			continue
		}
		add(r.Lang.Pick(seg.ZH, seg.Slug), seg.Slug, seg.Name(r.Lang))
		groups[len(groups)-1].Rows = rows[k]
	}
	return addProspects()
}

// SplitFileNames returns the names of every file a per-segment export of
// the scheme can write in lang — Other's too — before any customer is
// scored, so that a run can refuse a folder where one would replace an
// input.
func SplitFileNames(sc *segment.Scheme, l segment.Lang, by SplitBy) []string {
	// With a customer file: the prospect list's name is taken too.
	r := &Result{Scheme: sc, Lang: l, Lifecycle: &Lifecycle{}, CustomerFile: &CustomerFileJoin{}}
	var names []string
	for _, g := range SplitGroups(r, by) {
		names = append(names, g.File)
	}
	if by == BySegment {
		// Other is the last class, written only when a customer falls to it.
		seen := map[string]bool{}
		for _, n := range names {
			seen[strings.ToLower(n)] = true
		}
		o := segment.Other
		names = append(names, uniqueFileName(SafeFileName(l.Pick(o.ZH, o.Slug), o.Slug), seen))
	}
	return names
}

// SplitHeader returns the header of a per-segment file: the kept columns
// first, for the mail tool, then SPEC §6's columns.
func SplitHeader(kept []string) []string {
	return append(append([]string{}, kept...), Header(nil)...)
}

// WriteSplitCSV writes the customers rows of r as a per-segment file:
// SplitHeader's columns (then CLVScoreHeader()'s, with r.CLV), each value
// exactly as in the customer CSV, with the same formula guard, BOM and
// quoting. The prospects (indexes into r.Prospects, for the prospect list)
// come first, as AppendProspect writes them.
func WriteSplitCSV(w io.Writer, r *Result, rows []int, opt CSVOptions, prospects ...int) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	if opt.BOM {
		bw.WriteString("\uFEFF")
	}
	head := r.weighted(SplitHeader(r.Kept))
	if r.Lifecycle != nil {
		head = append(head, LifecycleHeader()...)
	}
	if r.CLV != nil {
		head = append(head, CLVScoreHeader()...)
	}
	writeHeader(bw, opt.headerIn(head), opt.Guard)
	if len(prospects) > 0 {
		// A prospect list: the kept columns, then SPEC §6's, empty.
		var b []byte
		for _, k := range prospects {
			p := &r.Prospects[k]
			b = b[:0]
			for _, v := range p.Kept {
				b = appendField(b, opt.Guard.Guard(v))
				b = append(b, ',')
			}
			b = AppendProspect(b, &Result{Prospects: []Prospect{{ID: p.ID}}, Lang: r.Lang, Lifecycle: r.Lifecycle, CLV: r.CLV, Weights: r.Weights}, 0, opt.Guard)
			if _, err := bw.Write(b); err != nil {
				return err
			}
		}
	}
	return WriteLines(bw, len(rows), func() func([]byte, int) []byte {
		// A one-customer result without kept values lets AppendCustomer
		// write the rest of the line, so the two outputs cannot drift
		// apart; each block of lines has its own.
		one := &Result{Scheme: r.Scheme, Lang: r.Lang, Customers: make([]rfm.Customer, 1),
			Assigned: segment.Assignment{Segment: make([]int, 1), Tier: make([]string, 1)}, CLV: r.CLV, Weights: r.Weights}
		if r.CLV != nil {
			one.CLVIndex = make([]int, 1)
		}
		if r.Lifecycle != nil {
			one.Lifecycle = &Lifecycle{Lives: make([]rfm.Life, 1)}
		}
		return func(b []byte, j int) []byte {
			i := rows[j]
			c := &r.Customers[i]
			if len(c.Kept) == 0 {
				return AppendCustomer(b, r, i, opt.Guard) // the same line, without a copy
			}
			for _, k := range c.Kept {
				b = appendField(b, opt.Guard.Guard(k))
				b = append(b, ',')
			}
			one.Customers[0] = *c
			one.Customers[0].Kept = nil
			one.Assigned.Segment[0], one.Assigned.Tier[0] = r.Assigned.Segment[i], r.Assigned.Tier[i]
			if r.CLV != nil {
				one.CLVIndex[0] = r.CLVIndex[i]
			}
			if r.Lifecycle != nil {
				one.Lifecycle.Lives[0] = r.Lifecycle.Lives[i]
			}
			return AppendCustomer(b, one, 0, opt.Guard)
		}
	})
}

// maxFileName bounds a file name's length in bytes before its extension;
// file systems allow 255.
const maxFileName = 200

// SafeFileName makes name usable as a file name on Windows, macOS and Linux,
// before adding an extension: NFC-normalised; control characters and
// < > : " / \ | ? * become _; a leading dot or dash becomes _ (no hidden
// files, no names read as options); trailing dots and spaces, which Windows
// drops, are removed; Windows' reserved device names (CON, NUL, COM1 …) get
// a leading _; at most 200 bytes. An empty result is fallback.
func SafeFileName(name, fallback string) string {
	var b strings.Builder
	for _, c := range norm.NFC.String(name) {
		switch {
		case c < 0x20 || c == 0x7f || strings.ContainsRune(`<>:"/\|?*`, c) || c == utf8.RuneError:
			b.WriteByte('_')
		default:
			b.WriteRune(c)
		}
	}
	s := strings.TrimSpace(b.String())
	if len(s) > maxFileName {
		cut := maxFileName
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	s = strings.TrimRight(s, ". ")
	if s == "" {
		if fallback == "" {
			return "_"
		}
		return SafeFileName(fallback, "")
	}
	if s[0] == '.' || s[0] == '-' {
		s = "_" + s[1:]
	}
	stem, _, _ := strings.Cut(s, ".")
	switch strings.ToUpper(strings.TrimSpace(stem)) {
	case "CON", "PRN", "AUX", "NUL",
		"COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
		"LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9":
		s = "_" + s
	}
	return s
}

// uniqueFileName returns base + ".csv", with -2, -3 … before the extension
// when a name already taken differs only in case, since Windows and macOS
// would take them for one file.
func uniqueFileName(base string, seen map[string]bool) string {
	name := base + ".csv"
	for i := 2; seen[strings.ToLower(name)]; i++ {
		name = base + "-" + strconv.Itoa(i) + ".csv"
	}
	seen[strings.ToLower(name)] = true
	return name
}
