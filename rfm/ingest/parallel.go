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
	off := 0
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
// of batches circulates — reader → workers → consumer → reader — so memory
// stays bounded whatever the file size, and buffers are reused.
func (s *scanner) parallel(ctx context.Context, p *rowParser, cr *csvReader) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := max(1, runtime.GOMAXPROCS(0))
	n := 2*workers + 2
	free := make(chan *batch, n)
	for range n {
		free <- &batch{}
	}
	type job struct {
		b    *batch
		line int
	}
	jobs := make(chan job)
	results := make(chan *batch, n)
	// The used rows are added by one goroutine per part of the aggregator,
	// each taking the customers of its part from every batch in file order;
	// the last to finish with a batch frees it. (With rows to hand on to
	// Options.Rows, in file order, one goroutine adds them all.)
	var parts []chan *batch
	var partsDone sync.WaitGroup
	if s.opt.Rows == nil && workers > 1 {
		aggs := s.agg.Split(workers)
		p.hashID = s.agg.HashID
		s.split = true
		nKept := len(s.cols.Keep)
		for k, agg := range aggs {
			ch := make(chan *batch, n)
			parts = append(parts, ch)
			partsDone.Go(func() {
				var row rfm.Row
				// The part's rows go in windows: their customers' state is
				// read ahead for a window at a time (Prefetch).
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
					for i := range b.rows {
						r := &b.rows[i]
						if r.kind == kindAdd && rfm.PartOf(r.hash, len(aggs)) == k {
							idx[n], hs[n] = i, r.hash
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
			})
		}
	}
	defer func() {
		for _, ch := range parts {
			close(ch)
		}
		partsDone.Wait()
	}()
	var readErr error
	readDone := make(chan struct{})
	// A worker stops at a cancel without waiting for the reader: wait here,
	// so that nothing reads on once parallel returns.
	defer func() {
		cancel()
		<-readDone
	}()
	go func() {
		defer close(readDone)
		defer close(jobs)
		readErr = cutChunks(ctx, cr, free, func(b *batch, line int) bool {
			select {
			case jobs <- job{b, line}:
				return true
			case <-ctx.Done():
				return false
			}
		})
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var r csvReader
			for j := range jobs {
				b := j.b
				b.reset()
				if cap(b.rows) == 0 {
					// A chunk holds at most chunkLines records.
					b.rows = make([]parsedRow, 0, chunkLines)
				}
				size := len(b.text)
				r = csvReader{data: b.text, slice: true, delim: cr.delim, line: j.line, size: size, hasCR: bytes.IndexByte(b.text, '\r') >= 0,
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
					p.parse(b, fields, offs, line)
				}
				select {
				case results <- b:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	pending := map[int]*batch{}
	next := 0
	var applyErr error
	for b := range results {
		if applyErr != nil {
			continue // drain, so the workers can finish
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
				nb.pending.Store(int32(len(parts)))
				for _, ch := range parts {
					ch <- nb
				}
			}
			if applyErr != nil {
				cancel()
				break
			}
		}
	}
	if applyErr != nil {
		return applyErr
	}
	<-readDone
	if readErr != nil && !errors.Is(readErr, context.Canceled) {
		return &ParseError{File: s.t.Name, Err: readErr}
	}
	return ctx.Err()
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
// from the second line; the scan does the same.
func recordBoundary(b []byte, delim byte, maxLines int) (cut, cutLines int) {
	if delim == Whitespace || bytes.IndexByte(b, '"') < 0 {
		k := lineEnd(b, maxLines)
		if k <= 0 {
			k = bytes.LastIndexByte(b, '\n') + 1
		}
		return k, countLines(b[:k])
	}
	inQuote, atStart := false, true
	recStart, lineStart, span := 0, 0, 0
	lines, recLines := 0, 0 // line ends so far; before recStart
	// firstLine ends the record after its first line. It reports false
	// when that line does not end within b.
	firstLine := func() bool {
		e := firstLineEnd(b[recStart:])
		if e < 0 {
			return false
		}
		i := recStart + e
		lines = recLines + 1
		cut, cutLines, inQuote, atStart = i+1, lines, false, true
		recStart, lineStart, span, recLines = i+1, i+1, 0, lines
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
				if lines >= maxLines {
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
					if !firstLine() {
						return cut, cutLines
					}
					i = recStart - 1
					if lines >= maxLines {
						return cut, cutLines
					}
					continue
				}
			}
		case c == '\n':
			lines++
			atStart = true
			recStart, lineStart, span, recLines = i+1, i+1, 0, lines
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

// firstLineEnd returns the index of the LF that ends the first line of a
// record the reader rejects, or -1 when b does not show where it ends. The
// lone CRs of such a line were read inside a quote, as data, or after text
// that broke the record: the line the reader rejects runs to its LF.
func firstLineEnd(b []byte) int {
	return bytes.IndexByte(b, '\n')
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
