package ingest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"runtime"
	"sync"

	"github.com/rfmtool/rfm/rfm"
)

// chunkSize is how much of a CSV file one worker parses at a time, and
// chunkLines the most lines it holds; tests lower them to cut small inputs
// into many chunks.
var (
	chunkSize  = 4 << 20
	chunkLines = 1 << 16
)

// lineEnd returns the length of the prefix of b that holds its first n line
// ends, or 0 when b holds fewer.
func lineEnd(b []byte, n int) int {
	// Whole blocks are counted at once while they hold fewer line ends
	// than are still wanted; the last line ends are found one by one.
	const block = 64 << 10
	off := 0
	for n > 0 && len(b)-off > block {
		k := bytes.Count(b[off:off+block], []byte{'\n'})
		if k >= n {
			break
		}
		n -= k
		off += block
	}
	for range n {
		i := bytes.IndexByte(b[off:], '\n')
		if i < 0 {
			return 0
		}
		off += i + 1
	}
	return off
}

// parallel cuts the rest of the CSV into chunks at record boundaries, parses
// them on every core and applies the parsed rows in file order. A fixed set
// of batches circulates — reader → parsers → ordered apply → (part adders →)
// reader — so memory stays bounded whatever the file size, and buffers are
// reused.
//
// The goroutines and their order: the part adders start first (when the
// aggregation is split, see rfm.Aggregator.Split), then the chunk reader,
// then the parsers; this goroutine applies the parsed batches in file order
// and hands each on to the part adders, or back to the reader. At the first
// error it cancels the others and returns it; whatever way it returns, the
// reader has stopped reading, and the part adders have added every batch
// handed to them and stopped.
func (s *scanner) parallel(ctx context.Context, p *rowParser, cr *csvReader) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := max(1, runtime.GOMAXPROCS(0))
	n := 2*workers + 2
	free := make(chan *batch, n)
	// With rows to hand on to Options.Rows, in file order, apply adds them
	// all; otherwise each part of the aggregator has a goroutine of its own.
	split := s.opt.Rows == nil && workers > 1
	var lists partLists
	if split {
		lists = partLists{}
	}
	for range n {
		b := &batch{}
		if split {
			lists[b] = make([][]int32, workers)
		}
		free <- b
	}
	var parts *partAdders
	if split {
		aggs := s.agg.Split(workers)
		p.hashID = s.agg.HashID
		s.split = true
		parts = startPartAdders(aggs, len(s.cols.Keep), n, free, lists)
	}
	defer parts.stop()
	reader := startChunkReader(ctx, cr, free)
	// A parser stops at a cancel without waiting for the reader: wait here,
	// so that nothing reads on once parallel returns.
	defer func() {
		cancel()
		<-reader.done
	}()
	results := startParsers(ctx, p, cr.delim, reader.chunks, workers, n, lists)
	if err := s.applyInOrder(ctx, cancel, results, free, parts); err != nil {
		return err
	}
	<-reader.done
	if reader.err != nil && !errors.Is(reader.err, context.Canceled) {
		return &ParseError{File: s.t.Name, Err: reader.err}
	}
	return ctx.Err()
}

// csvChunk is a batch whose text is a chunk of the CSV, cut at record
// boundaries, with the line the chunk starts on.
type csvChunk struct {
	b    *batch
	line int
}

// chunkReader is the goroutine that cuts the CSV into chunks (cutChunks).
type chunkReader struct {
	// chunks carries the chunks to the parsers, in file order; it is closed
	// when the reader stops.
	chunks chan csvChunk
	// done is closed after chunks, when the reader has stopped reading.
	done chan struct{}
	// err is why the reader stopped, nil at the end of the input; it may be
	// read once done is closed.
	err error
}

// startChunkReader starts reading cr's remaining input into the batches of
// free, in chunks, and hands them on to the parsers. It stops at the end of
// the input, at a read error or when ctx is cancelled.
func startChunkReader(ctx context.Context, cr *csvReader, free chan *batch) *chunkReader {
	c := &chunkReader{chunks: make(chan csvChunk), done: make(chan struct{})}
	go func() {
		defer close(c.done)
		defer close(c.chunks)
		c.err = cutChunks(ctx, cr, free, func(b *batch, line int) bool {
			select {
			case c.chunks <- csvChunk{b, line}:
				return true
			case <-ctx.Done():
				return false
			}
		})
	}()
	return c
}

// startParsers starts workers goroutines that parse the chunks (see
// parseChunks) and returns the channel, of capacity n, that carries the
// parsed batches in the order they are done; it is closed when every parser
// has stopped.
func startParsers(ctx context.Context, p *rowParser, delim byte, chunks <-chan csvChunk, workers, n int, lists partLists) <-chan *batch {
	results := make(chan *batch, n)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() { parseChunks(ctx, p, delim, chunks, results, lists) })
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	return results
}

// parseChunks is one parser: it parses each chunk it takes into its batch —
// steps 1–3 of SPEC §2, rejects included — and sends the batch on to
// results. A read error other than a rejected record ends the batch and is
// left in batch.err, for the ordered apply to meet in its turn. With lists
// (the aggregation is split), it lists each part's rows of the batch. The
// parser stops when chunks is closed or, without waiting to send, at a
// cancel.
func parseChunks(ctx context.Context, p *rowParser, delim byte, chunks <-chan csvChunk, results chan<- *batch, lists partLists) {
	var r csvReader
	for j := range chunks {
		b := j.b
		b.reset()
		parts := lists[b]
		for k := range parts {
			parts[k] = parts[k][:0]
		}
		// A chunk holds at most chunkLines records, and no more than its line
		// ends and one: a small file's one chunk does not take the 6 MB of
		// chunkLines rows.
		// (A batch that has held a full chunk has room for any.)
		if cap(b.rows) < chunkLines {
			if n := min(chunkLines, bytes.Count(b.text, []byte{'\n'})+1); cap(b.rows) < n {
				b.rows = make([]parsedRow, 0, n)
			}
		}
		size := len(b.text)
		r = csvReader{data: b.text, slice: true, delim: delim, line: j.line, size: size, hasCR: bytes.IndexByte(b.text, '\r') >= 0,
			buf: r.buf[:0], fields: r.fields[:0], offs: r.offs[:0], ends: r.ends[:0]}
		for {
			fields, line, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				// (re is declared here: errors.As makes it escape,
				// which would cost an allocation per row.)
				var re *RecordError
				if errors.As(err, &re) {
					b.addReject(re.Line, re.Fields, re.Reason, "")
					continue
				}
				b.err = err
				break
			}
			var offs []int
			if r.inPlace {
				offs = r.offs
			}
			n := len(b.rows)
			p.parse(b, fields, offs, line)
			if parts != nil && len(b.rows) > n && b.rows[n].kind == kindUsed {
				k := rfm.PartOf(b.rows[n].hash, len(parts))
				parts[k] = append(parts[k], int32(n))
			}
		}
		select {
		case results <- b:
		case <-ctx.Done():
			return
		}
	}
}

// applyInOrder takes the parsed batches from results, puts them back in file
// order and applies each (scanner.apply); then it hands the batch on to
// parts, or, when the aggregation is not split, back to free. At the first
// error (a batch's read error, or apply's) it frees that batch, cancels the
// other goroutines and drains results, so that the parsers can finish, and
// returns the error.
func (s *scanner) applyInOrder(ctx context.Context, cancel context.CancelFunc, results <-chan *batch, free chan<- *batch, parts *partAdders) error {
	pending := map[int]*batch{}
	next := 0
	var applyErr error
	for b := range results {
		if applyErr != nil {
			continue // drain, so the parsers can finish
		}
		pending[b.seq] = b
		for {
			nb, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			if nb.err != nil {
				applyErr = nb.err
			} else {
				applyErr = s.apply(ctx, nb)
			}
			if applyErr != nil || parts == nil {
				free <- nb
			} else {
				parts.hand(nb)
			}
			if applyErr != nil {
				cancel()
				break
			}
		}
	}
	return applyErr
}

// partLists holds, for each batch, the indices of its parsed rows that go to
// each part of a split aggregation (rfm.PartOf), in file order: a part
// adder then looks at its own rows only. The map is filled before the
// batches circulate and only read after; a batch's lists are written by
// the parser that holds the batch.
type partLists map[*batch][][]int32

// partAdders are the goroutines that add the used rows to the aggregator's
// parts, one per part (see rfm.Aggregator.Split): each takes the rows of
// its part's customers from every batch, in file order, and the last to
// finish with a batch frees it. A nil *partAdders has none.
type partAdders struct {
	chans []chan *batch
	done  sync.WaitGroup
}

// startPartAdders starts one goroutine per part of aggs, each with a channel
// of capacity n; a batch they are done with goes back to free.
func startPartAdders(aggs []*rfm.Aggregator, nKept, n int, free chan<- *batch, lists partLists) *partAdders {
	pa := &partAdders{}
	for k, agg := range aggs {
		ch := make(chan *batch, n)
		pa.chans = append(pa.chans, ch)
		pa.done.Go(func() { addPart(agg, k, nKept, ch, free, lists) })
	}
	return pa
}

// hand gives batch b, applied, to every part adder.
func (pa *partAdders) hand(b *batch) {
	b.pending.Store(int32(len(pa.chans)))
	for _, ch := range pa.chans {
		ch <- b
	}
}

// stop tells the part adders that no batch follows and waits until they have
// added the batches handed to them.
func (pa *partAdders) stop() {
	if pa == nil {
		return
	}
	for _, ch := range pa.chans {
		close(ch)
	}
	pa.done.Wait()
}

// addPart adds the used rows of part k from each batch of ch to agg, in file
// order, following the protocol of rfm's parallel API: the part's rows (the
// batch's list for part k that the parser made, less the rows the ordered
// apply left out) go in windows, their customers' state read ahead a window
// at a time (Prefetch), then added one by one (AddHashed) with the hash the
// parser computed. The last part to finish with a batch sends it back to
// free.
func addPart(agg *rfm.Aggregator, k, nKept int, ch <-chan *batch, free chan<- *batch, lists partLists) {
	var row rfm.Row
	var idx [rfm.PrefetchWindow]int
	var hs [rfm.PrefetchWindow]uint64
	for b := range ch {
		n := 0
		flush := func() {
			agg.Prefetch(hs[:n])
			for _, i := range idx[:n] {
				agg.AddHashed(b.rowInto(i, nKept, &row), b.rows[i].hash)
			}
			n = 0
		}
		for _, i := range lists[b][k] {
			r := &b.rows[i]
			if r.kind == kindAdd {
				idx[n], hs[n] = int(i), r.hash
				if n++; n == len(idx) {
					flush()
				}
			}
		}
		flush()
		if b.pending.Add(-1) == 0 {
			free <- b
		}
	}
}

// cutChunks reads cr's remaining input into free batches, each ending on a
// record boundary, and hands each on with the line it starts on.
func cutChunks(ctx context.Context, cr *csvReader, free chan *batch, send func(*batch, int) bool) error {
	line := cr.line
	var carry []byte
	// Lines held back by an earlier unterminated quote come first.
	for _, l := range cr.pending {
		carry = append(append(carry, l...), '\n')
	}
	cr.pending = nil
	for seq := 0; ; seq++ {
		var b *batch
		select {
		case b = <-free:
		case <-ctx.Done():
			return ctx.Err()
		}
		buf := b.text[:0]
		if cap(buf) < max(chunkSize, len(carry)) {
			buf = make([]byte, 0, max(chunkSize, len(carry)))
		}
		buf = append(buf, carry...)
		eof, cutLines := false, 0
		for {
			n, err := io.ReadFull(cr.r, buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+n]
			switch {
			case err == io.EOF || err == io.ErrUnexpectedEOF:
				eof = true
			case err != nil:
				return err
			}
			var cut int
			cut, cutLines = recordBoundary(buf, cr.delim, chunkLines)
			if eof && cut == 0 {
				cut = len(buf)
			}
			if cut > 0 || eof {
				carry = append(carry[:0], buf[cut:]...)
				buf = buf[:cut]
				break
			}
			// One record longer than the buffer: grow and read on.
			nb := make([]byte, len(buf), 2*cap(buf))
			copy(nb, buf)
			buf = nb
		}
		b.text = buf
		b.seq = seq
		if len(buf) == 0 {
			return nil
		}
		if !send(b, line) {
			return ctx.Err()
		}
		line += cutLines
		if eof && len(carry) == 0 {
			return nil
		}
	}
}

// recordBoundary returns the length of the shortest prefix of b that ends
// with a line end outside any quoted field and holds at least maxLines line
// ends; without one, the longest prefix that ends so; without one, 0.
// Line ends are LF, CR LF and a lone CR, as the CSV reader reads them.
// A quote opens a quoted field only at the start of a field, as the CSV reader
// reads it; b starts a record. A record that the reader rejects after its
// first line — a quoted field that runs on for more than maxQuotedSpan, or
// text after a closing quote — ends after that line, and the reader reads on
// from the second line; the scan does the same. But when text after a closing
// quote comes on the record's first LF line and that line ends, for the
// reject, at a lone CR before the quote, no cut falls before the byte after
// the quote: the reader tells "text after a closing quote" from "unbalanced
// quotes" only by seeing that byte.
func recordBoundary(b []byte, delim byte, maxLines int) (cut, cutLines int) {
	if delim == Whitespace || bytes.IndexByte(b, '"') < 0 {
		return plainBoundary(b, maxLines)
	}
	inQuote, atStart := false, true
	recStart, lineStart, span := 0, 0, 0
	lines, recLines := 0, 0 // line ends so far; before recStart
	keep := 0               // the least cut allowed
	// firstLine ends the record after its first line. It reports false
	// when that line does not end within b.
	firstLine := func() bool {
		e := firstLineEnd(b[recStart:])
		if e < 0 {
			return false
		}
		i := recStart + e
		lines = recLines + 1
		inQuote, atStart = false, true
		recStart, lineStart, span, recLines = i+1, i+1, 0, lines
		if recStart >= keep {
			cut, cutLines = recStart, lines
		}
		return true
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == '\r' {
			if i+1 == len(b) {
				return cut, cutLines // the next byte decides
			}
			if b[i+1] != '\n' && !inQuote {
				c = '\n' // a lone CR ends a line; in a quoted field it is data
			}
		}
		switch {
		case inQuote && c == '\n':
			lines++
			// The record's lines, as the reader measures them: without the
			// line end, plus one byte.
			n := i - lineStart
			if n > 0 && b[i] == '\n' && b[i-1] == '\r' {
				n--
			}
			span += n + 1
			lineStart = i + 1
			if span > maxQuotedSpan {
				firstLine() // the first line ends within b: i is past it
				i = recStart - 1
				if lines >= maxLines && cut == recStart {
					return cut, cutLines
				}
			}
			continue
		case inQuote:
			if c == '"' {
				if i+1 == len(b) {
					return cut, cutLines // the next byte decides
				}
				switch b[i+1] {
				case '"':
					i++
				case delim, '\n', '\r':
					inQuote = false
				default: // text after a closing quote
					if lines == recLines {
						keep = i + 2 // the reader must see b[i+1]
					}
					if !firstLine() {
						return cut, cutLines
					}
					i = recStart - 1
					if lines >= maxLines && cut == recStart {
						return cut, cutLines
					}
					continue
				}
			}
		case c == '\n':
			lines++
			atStart = true
			recStart, lineStart, span, recLines = i+1, i+1, 0, lines
			if recStart < keep {
				continue // inside the line of a rejected record: see keep
			}
			cut, cutLines = i+1, lines
			if lines >= maxLines {
				return cut, cutLines
			}
			continue
		case c == delim:
			atStart = true
			continue
		case c == '"' && atStart:
			inQuote = true
		}
		atStart = false
	}
	return cut, cutLines
}

// plainBoundary is recordBoundary for text without quoted fields: every
// line end ends a record.
func plainBoundary(b []byte, maxLines int) (cut, cutLines int) {
	k := lineEnd(b, maxLines)
	if k <= 0 {
		k = bytes.LastIndexByte(b, '\n') + 1
	}
	return k, countLines(b[:k])
}

// firstLineEnd returns the index of the last byte of the first line end of
// a record the reader rejects — its LF, or a lone CR: the quote that made
// the record span it proved no quote — or -1 when b does not show where it
// ends.
func firstLineEnd(b []byte) int {
	i := bytes.IndexByte(b, '\n')
	j := bytes.IndexByte(b, '\r')
	switch {
	case j < 0 || (i >= 0 && j >= i-1):
		return i
	case j+1 == len(b):
		return -1 // a CR LF, or a lone CR: the next byte decides
	}
	return j
}

// countLines counts the line ends in b, which holds no quote the reader
// heeds: LF, CR LF and lone CR.
func countLines(b []byte) int {
	n := bytes.Count(b, []byte{'\n'})
	if bytes.IndexByte(b, '\r') < 0 {
		return n
	}
	for i, c := range b {
		if c == '\r' && (i+1 == len(b) || b[i+1] != '\n') {
			n++
		}
	}
	return n
}
