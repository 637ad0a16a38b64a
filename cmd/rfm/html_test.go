package main

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rfmtool/rfm/report"
)

// htmlReport is one HTML report made by the CLI for the tests.
type htmlReport struct {
	name string
	// make writes the report into dir and returns its path.
	make func(t *testing.T, dir string) string
	// figures are the ids of the charts the page must hold.
	figures []string
}

func htmlReports() []htmlReport {
	score := func(args ...string) func(t *testing.T, dir string) string {
		return func(t *testing.T, dir string) string {
			out := filepath.Join(dir, "report.html")
			runOK(t, append(append([]string{"score"}, args...), "-o", out, "-q")...)
			return out
		}
	}
	scoreCharts := []string{"chart-shares", "chart-heat", "chart-recency", "chart-frequency", "chart-monetary", "chart-medians", "chart-density", "chart-pareto"}
	return []htmlReport{
		{"score.zh", score("../../testdata/orders.csv", "--lang", "zh"), scoreCharts},
		{"score.en-pareto", score("../../testdata/orders.csv", "--lang", "en", "--tiers", "pareto", "--method", "rank", "--bins", "3"), scoreCharts},
		{"score.with-clv", score("testdata/cdnow150.csv", "--with-clv", "--lang", "en"), append(scoreCharts[:len(scoreCharts):len(scoreCharts)], "chart-clv")},
		{"score.lifecycle", score("../../testdata/orders.csv", "--lifecycle", "--weights", "1,1,2", "--lang", "zh"), scoreCharts},
		{"score.lifecycle-clv", score("testdata/cdnow150.csv", "--lifecycle", "--with-clv", "--lang", "en"), append(scoreCharts[:len(scoreCharts):len(scoreCharts)], "chart-clv")},
		{"diff", func(t *testing.T, dir string) string {
			last, this := filepath.Join(dir, "last.csv"), filepath.Join(dir, "this.csv")
			runOK(t, "score", "../../testdata/orders.csv", "--as-of", "2024-04-30", "-o", last, "-q")
			runOK(t, "score", "../../testdata/orders.csv", "--as-of", "2024-06-30", "-o", this, "-q")
			out := filepath.Join(dir, "moves.html")
			runOK(t, "diff", last, this, "-o", out, "--lang", "zh")
			return out
		}, []string{"chart-matrix", "chart-flows"}},
		{"clv.holdout", func(t *testing.T, dir string) string {
			out := filepath.Join(dir, "clv.html")
			runOK(t, append([]string{"clv", "testdata/cdnow150.txt", "--holdout-end", "1998-06-30", "-o", out, "-q"}, cdnowFlags...)...)
			return out
		}, []string{"chart-palive", "chart-clv", "chart-byfreq", "chart-tracking"}},
		{"clv.intervals", func(t *testing.T, dir string) string {
			out := filepath.Join(dir, "clv.html")
			runOK(t, append([]string{"clv", "testdata/cdnow150.txt", "--intervals", "20", "--seed", "5", "-o", out, "-q"}, cdnowFlags...)...)
			return out
		}, []string{"chart-palive", "chart-clv"}},
	}
}

// TestHTMLGolden compares each report with its golden file (refresh with
// -update), checks that a second run gives the same bytes and that the page
// names nothing to fetch.
func TestHTMLGolden(t *testing.T) {
	t.Parallel()
	for _, r := range htmlReports() {
		t.Run(r.name, func(t *testing.T) {
			t.Parallel() // each run in its own folder, each golden file its own
			got := makeReport(t, r)
			checkGolden(t, filepath.Join("testdata", "html", r.name+".golden.html"), got)
			if again := makeReport(t, r); !bytes.Equal(got, again) {
				t.Error("two runs gave different reports")
			}
			checkSelfContained(t, string(got))
			for _, id := range r.figures {
				if !strings.Contains(string(got), `<figure id="`+id+`" class="chart">`+"\n<svg ") {
					t.Errorf("no inline SVG chart %s", id)
				}
			}
		})
	}
}

// makeReport makes a report in a new folder and returns it without the
// folder's name (rfm diff names its inputs as given).
func makeReport(t *testing.T, r htmlReport) []byte {
	t.Helper()
	dir := t.TempDir()
	got, err := os.ReadFile(r.make(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	return bytes.ReplaceAll(got, []byte(dir+string(filepath.Separator)), nil)
}

// checkSelfContained fails on anything a browser would fetch.
func checkSelfContained(t *testing.T, page string) {
	t.Helper()
	for _, bad := range []string{"<script src", "<link", "@import", "url(", " src=", " href=", "http://", "https://"} {
		s := strings.ReplaceAll(page, `xmlns="http://www.w3.org/2000/svg"`, "")
		if strings.Contains(s, bad) {
			t.Errorf("the page holds %q: it must fetch nothing", bad)
		}
	}
}

// chromium finds a headless-capable Chromium, or skips.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no Chromium found (install Debian's chromium package to render the HTML reports)")
	return ""
}

// browser is one headless Chromium, with the network off and a fresh
// profile, driven over the DevTools protocol on a pipe
// (--remote-debugging-pipe): commands go to its descriptor 3, replies and
// events come from its descriptor 4, each message JSON ended by a NUL. The
// subtests of TestHTMLChromium share it, one page at a time: a start costs
// about a second of CPU, a page a small part of that.
type browser struct {
	mu     sync.Mutex // one page at a time
	cmd    *exec.Cmd
	in     *os.File      // commands
	outF   *os.File      // replies and events
	out    *bufio.Reader // reads outF
	stderr bytes.Buffer
	id     int
	seen   map[string]bool // events met while waiting for a reply: session + " " + method
}

// startBrowser starts Chromium and stops it when t's subtests are done.
func startBrowser(t *testing.T, bin string) *browser {
	t.Helper()
	cmdR, cmdW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	resR, resW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	b := &browser{in: cmdW, outF: resR, out: bufio.NewReader(resR), seen: map[string]bool{}}
	b.cmd = exec.Command(bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir="+t.TempDir(), "--remote-debugging-pipe")
	b.cmd.ExtraFiles = []*os.File{cmdR, resW} // descriptors 3 and 4
	b.cmd.Stderr = &b.stderr
	if err := b.cmd.Start(); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	cmdR.Close()
	resW.Close()
	t.Cleanup(func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		_, _ = b.call("", "Browser.close", nil)
		done := make(chan error, 1)
		go func() { done <- b.cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			b.cmd.Process.Kill()
			<-done
		}
		b.in.Close()
		b.outF.Close()
	})
	return b
}

// call sends a command, to the page of session (or to the browser when it is
// "") and returns its result; events met meanwhile are noted in b.seen.
func (b *browser) call(session, method string, params any) (json.RawMessage, error) {
	b.id++
	msg := map[string]any{"id": b.id, "method": method}
	if params != nil {
		msg["params"] = params
	}
	if session != "" {
		msg["sessionId"] = session
	}
	data, err := json.Marshal(msg)
	if err != nil {
		return nil, err
	}
	if _, err := b.in.Write(append(data, 0)); err != nil {
		return nil, fmt.Errorf("%s: %v\n%s", method, err, b.stderr.String())
	}
	for {
		var m struct {
			ID        int             `json:"id"`
			Method    string          `json:"method"`
			SessionID string          `json:"sessionId"`
			Result    json.RawMessage `json:"result"`
			Error     *struct {
				Message string `json:"message"`
			} `json:"error"`
		}
		if err := b.read(&m); err != nil {
			return nil, fmt.Errorf("%s: %v", method, err)
		}
		switch {
		case m.ID == b.id && m.Error != nil:
			return nil, fmt.Errorf("%s: %s", method, m.Error.Message)
		case m.ID == b.id:
			return m.Result, nil
		case m.Method != "":
			b.seen[m.SessionID+" "+m.Method] = true
		}
	}
}

// read reads the next message, within a minute.
func (b *browser) read(v any) error {
	b.outF.SetReadDeadline(time.Now().Add(time.Minute))
	data, err := b.out.ReadBytes(0)
	if err != nil {
		return fmt.Errorf("reading from chromium: %v\n%s", err, b.stderr.String())
	}
	return json.Unmarshal(data[:len(data)-1], v)
}

// wait reads until session's page has sent the event method.
func (b *browser) wait(session, method string) error {
	for !b.seen[session+" "+method] {
		var m struct {
			Method    string `json:"method"`
			SessionID string `json:"sessionId"`
		}
		if err := b.read(&m); err != nil {
			return fmt.Errorf("waiting for %s: %v", method, err)
		}
		if m.Method != "" {
			b.seen[m.SessionID+" "+m.Method] = true
		}
	}
	return nil
}

// render opens url in a new page of a 1000 x 1400 window and returns the
// page's DOM, as --dump-dom prints it, once loaded, and a PNG screenshot.
func (b *browser) render(t *testing.T, url string) (dom string, screenshot []byte) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	must := func(raw json.RawMessage, err error) json.RawMessage {
		t.Helper()
		if err != nil {
			t.Fatalf("chromium: %v", err)
		}
		return raw
	}
	var target struct {
		TargetID string `json:"targetId"`
	}
	json.Unmarshal(must(b.call("", "Target.createTarget", map[string]any{"url": "about:blank"})), &target)
	defer b.call("", "Target.closeTarget", map[string]any{"targetId": target.TargetID})
	var attached struct {
		SessionID string `json:"sessionId"`
	}
	json.Unmarshal(must(b.call("", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true})), &attached)
	s := attached.SessionID
	must(b.call(s, "Page.enable", nil))
	must(b.call(s, "Emulation.setDeviceMetricsOverride", map[string]any{"width": 1000, "height": 1400, "deviceScaleFactor": 1, "mobile": false}))
	var nav struct {
		ErrorText string `json:"errorText"`
	}
	json.Unmarshal(must(b.call(s, "Page.navigate", map[string]any{"url": url})), &nav)
	if nav.ErrorText != "" {
		t.Fatalf("chromium: opening %s: %s", url, nav.ErrorText)
	}
	if err := b.wait(s, "Page.loadEventFired"); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	var eval struct {
		Result struct {
			Value string `json:"value"`
		} `json:"result"`
	}
	json.Unmarshal(must(b.call(s, "Runtime.evaluate", map[string]any{"expression": "document.documentElement.outerHTML", "returnByValue": true})), &eval)
	var shot struct {
		Data []byte `json:"data"` // base64 in the JSON
	}
	json.Unmarshal(must(b.call(s, "Page.captureScreenshot", map[string]any{"format": "png"})), &shot)
	if eval.Result.Value == "" || len(shot.Data) == 0 {
		t.Fatalf("chromium gave %d bytes of DOM and %d of screenshot for %s", len(eval.Result.Value), len(shot.Data), url)
	}
	return eval.Result.Value, shot.Data
}

// TestHTMLChromium opens every report in a real browser: the DOM must hold
// the charts and the numbers of the run, and a screenshot must not be blank.
// One browser opens them all, one page each. score.with-clv is left to
// score.lifecycle-clv, which holds all of its sections and charts and the
// lifecycle ones too.
func TestHTMLChromium(t *testing.T) {
	t.Parallel()
	bin := chromium(t)
	b := startBrowser(t, bin)
	for _, r := range htmlReports() {
		if r.name == "score.with-clv" {
			continue
		}
		t.Run(r.name, func(t *testing.T) {
			t.Parallel() // each report in its own folder; the browser renders one page at a time
			dir := t.TempDir()
			path, _ := filepath.Abs(r.make(t, dir))
			url := "file://" + path
			shot := filepath.Join(dir, "shot.png")
			dom, screenshot := b.render(t, url)
			if err := os.WriteFile(shot, screenshot, 0o644); err != nil {
				t.Fatal(err)
			}
			for _, id := range r.figures {
				re := regexp.MustCompile(`<figure id="` + id + `" class="chart">\s*<svg[^>]*>[\s\S]*?<(rect|polyline)`)
				if !re.MatchString(dom) {
					t.Errorf("the rendered page has no drawn chart %s", id)
				}
			}
			if strings.HasPrefix(r.name, "score") {
				checkClassCounts(t, dom, r)
			}
			if strings.Contains(r.name, "lifecycle") {
				checkWarnings(t, dom, r)
			}
			if r.name == "diff" {
				checkDiffMatrix(t, dom, filepath.Join(dir, "last.csv"))
			}
			if r.name == "clv.intervals" {
				rows := regexp.MustCompile(`<table id="interval-table">[\s\S]*?</table>`).FindString(dom)
				if n := strings.Count(rows, "<tr><td>"); n != 20 {
					t.Errorf("the interval table has %d customers, want 20", n)
				}
			}
			checkNotBlank(t, shot)
		})
	}
}

// checkClassCounts compares the class table of the rendered page with the
// classes of the same run's customer CSV.
func checkClassCounts(t *testing.T, dom string, r htmlReport) {
	t.Helper()
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "customers.csv")
	args := scoreArgsOf(r.name)
	runOK(t, append(append([]string{"score"}, args...), "-o", csvPath, "-q")...)
	header, rows, _ := readCSVFile(t, csvPath)
	col := -1
	for i, h := range header {
		if h == "segment" {
			col = i
		}
	}
	counts := map[string]int{}
	for _, row := range rows {
		counts[row[col]]++
	}
	for class, n := range counts {
		want := `<td>` + class + `</td><td>[^<]*</td><td class="n">` + report.GroupThousands(n) + `</td>`
		if !regexp.MustCompile(want).MatchString(dom) {
			t.Errorf("class table: no row %s with %d customers", class, n)
		}
	}
	total := `<tr class="total"><td>[^<]*</td><td></td><td class="n">` + report.GroupThousands(len(rows)) + `</td>`
	if !regexp.MustCompile(total).MatchString(dom) {
		t.Errorf("class table: no total of %d customers", len(rows))
	}
}

// checkDiffMatrix compares the migration matrix of the rendered diff report
// with the earlier customer file: each class's row adds up to the customers
// it had then.
func checkDiffMatrix(t *testing.T, dom, last string) {
	t.Helper()
	recs := readRecords(t, last)
	col := slices.Index(recs[0], "segment")
	counts := map[string]int{}
	for _, r := range recs[1:] {
		counts[r[col]]++
	}
	table := regexp.MustCompile(`<table id="matrix-table">[\s\S]*?</table>`).FindString(dom)
	for class, n := range counts {
		row := regexp.MustCompile(`<tr><td>\d+ ` + regexp.QuoteMeta(class) + `</td>.*<td class="n">` + report.GroupThousands(n) + `</td></tr>`)
		if !row.MatchString(table) {
			t.Errorf("matrix: no row %s adding up to %d customers", class, n)
		}
	}
}

// checkWarnings compares the churn-warning list of the rendered page with
// the churn_warning column of the same run's customer CSV: the count, and
// the customers listed, in order of monetary value.
func checkWarnings(t *testing.T, dom string, r htmlReport) {
	t.Helper()
	csvPath := filepath.Join(t.TempDir(), "customers.csv")
	runOK(t, append(append([]string{"score"}, scoreArgsOf(r.name)...), "-o", csvPath, "-q")...)
	recs := readRecords(t, csvPath)
	header, rows := recs[0], recs[1:] // in id order
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	var warned [][]string
	for _, row := range rows {
		if row[col["churn_warning"]] == "true" {
			warned = append(warned, row)
		}
	}
	if len(warned) == 0 {
		t.Fatal("the run warns no customer: the check would prove nothing")
	}
	if !regexp.MustCompile(`<h3>[^<]*` + strconv.Itoa(len(warned)) + `[^<0-9]*</h3>\s*<table id="warning-table">`).MatchString(dom) {
		t.Errorf("the page does not count %d churn warnings", len(warned))
	}
	slices.SortStableFunc(warned, func(a, b []string) int {
		x, _ := strconv.ParseFloat(a[col["monetary"]], 64)
		y, _ := strconv.ParseFloat(b[col["monetary"]], 64)
		return cmp.Compare(y, x)
	})
	table := regexp.MustCompile(`<table id="warning-table">[\s\S]*?</table>`).FindString(dom)
	got := regexp.MustCompile(`<tr><td>([^<]*)</td>`).FindAllStringSubmatch(table, -1)
	for i := range min(len(got), len(warned)) {
		if got[i][1] != warned[i][col["customer_id"]] {
			t.Errorf("warning %d is %s, want %s", i+1, got[i][1], warned[i][col["customer_id"]])
		}
	}
}

// scoreArgsOf returns the score arguments of a score report of htmlReports.
func scoreArgsOf(name string) []string {
	switch name {
	case "score.en-pareto":
		return []string{"../../testdata/orders.csv", "--lang", "en", "--tiers", "pareto", "--method", "rank", "--bins", "3"}
	case "score.with-clv":
		return []string{"testdata/cdnow150.csv", "--with-clv", "--lang", "en"}
	case "score.lifecycle":
		return []string{"../../testdata/orders.csv", "--lifecycle", "--weights", "1,1,2", "--lang", "zh"}
	case "score.lifecycle-clv":
		return []string{"testdata/cdnow150.csv", "--lifecycle", "--with-clv", "--lang", "en"}
	}
	return []string{"../../testdata/orders.csv", "--lang", "zh"}
}

// checkNotBlank fails unless the PNG has text and colour: many pixels that
// are not the background.
func checkNotBlank(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	var ink, colour int
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y += 2 {
		for x := bounds.Min.X; x < bounds.Max.X; x += 2 {
			r, g, b, _ := img.At(x, y).RGBA()
			if r < 0xC000 || g < 0xC000 || b < 0xC000 {
				ink++
			}
			if max(r, g, b)-min(r, g, b) > 0x3000 {
				colour++
			}
		}
	}
	total := bounds.Dx() * bounds.Dy() / 4
	if ink < total/100 || colour < total/500 {
		t.Errorf("screenshot looks blank: %d dark and %d coloured pixels of %d", ink, colour, total)
	}
}
