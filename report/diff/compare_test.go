package diff

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/rfmtool/rfm/report"
	"github.com/rfmtool/rfm/rfm/ingest"
	"github.com/rfmtool/rfm/segment"
)

// readText reads a customer file given as text.
func readText(t *testing.T, name, text string) *CustomerFile {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	tab, err := ingest.File{Path: path}.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer tab.Close()
	f, err := ReadCustomerFile(tab)
	if err != nil {
		t.Fatal(err)
	}
	f.Name = name
	return f
}

const hdr = "recency_days,frequency,monetary,first_order_date,last_order_date,r_score,f_score,m_score,rfm_code,rfm_sum,segment,tier\n"

// Last week: eight customers. G1 will be gone; '=X is a guarded id.
const lastWeek = "customer_id,email," + hdr +
	"'=X,x@example.com,40,3,80.00,2024-01-01,2024-05-20,2,3,1,231,6,General retention,C\n" +
	"A1,a1@example.com,5,6,300.00,2024-01-01,2024-06-25,5,4,4,544,13,Important value,A\n" +
	"A2,a2@example.com,10,5,250.10,2024-01-01,2024-06-20,4,4,4,444,12,Important value,A\n" +
	"B1,b1@example.com,60,1,500.00,2024-01-01,2024-05-01,2,1,5,215,8,Important win-back,B\n" +
	"B2,b2@example.com,8,4,90.00,2024-01-01,2024-06-22,4,4,1,441,9,General value,B\n" +
	"C1,c1@example.com,90,1,20.00,2024-01-01,2024-04-01,1,1,1,111,3,General win-back,C\n" +
	"C2,c2@example.com,80,1,30.00,2024-01-01,2024-04-11,2,1,1,211,4,General win-back,C\n" +
	"G1,g1@example.com,3,1,700.00,2024-06-27,2024-06-27,5,1,5,515,11,Important development,A\n"

// This week: seven of them again, N1 and N2 new; a name column was kept too.
const thisWeek = "customer_id,email,name," + hdr +
	"'=X,x@example.com,Xavier,47,3,80.00,2024-01-01,2024-05-20,2,1,5,215,8,Important win-back,B\n" +
	"A1,a1@example.com,Ann,2,7,312.50,2024-01-01,2024-07-05,5,4,4,544,13,Important value,A\n" +
	"A2,a2@example.com,Al,17,5,199.99,2024-01-01,2024-06-20,3,4,3,343,10,Important retention,A\n" +
	"B1,b1@example.com,Bo,1,2,640.00,2024-01-01,2024-07-06,5,3,4,534,12,Important value,A\n" +
	"B2,b2@example.com,Bea,15,4,90.00,2024-01-01,2024-06-22,2,2,1,221,5,General win-back,C\n" +
	"C1,c1@example.com,Cy,97,2,45.00,2024-01-01,2024-04-01,1,2,1,121,4,General win-back,C\n" +
	"C2,c2@example.com,Cat,87,1,30.00,2024-01-01,2024-04-11,2,1,1,211,4,General win-back,C\n" +
	"N1,n1@example.com,Ned,3,1,40.00,2024-07-04,2024-07-04,5,1,2,512,8,General development,B\n" +
	"N2,n2@example.com,Nia,4,2,900.00,2024-07-01,2024-07-03,5,3,5,535,13,Important value,A\n"

func TestCompareMatrix(t *testing.T) {
	d, err := Compare(readText(t, "last.csv", lastWeek), readText(t, "this.csv", thisWeek))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range d.Classes {
		names = append(names, c.EN)
	}
	wantNames := []string{"Important value", "Important development", "Important retention", "Important win-back",
		"General value", "General development", "General retention", "General win-back"}
	if !reflect.DeepEqual(names, wantNames) {
		t.Fatalf("classes %q, want %q", names, wantNames)
	}
	// Rows: class last week (then new); columns: class this week (then gone).
	want := [][]int{
		//  IV ID IR IW GV GD GR GW gone
		{1, 0, 1, 0, 0, 0, 0, 0, 0}, // Important value: A1 stays, A2 → retention
		{0, 0, 0, 0, 0, 0, 0, 0, 1}, // Important development: G1 gone
		{0, 0, 0, 0, 0, 0, 0, 0, 0}, // Important retention
		{1, 0, 0, 0, 0, 0, 0, 0, 0}, // Important win-back: B1 → value
		{0, 0, 0, 0, 0, 0, 0, 1, 0}, // General value: B2 → win-back
		{0, 0, 0, 0, 0, 0, 0, 0, 0}, // General development
		{0, 0, 0, 1, 0, 0, 0, 0, 0}, // General retention: '=X → important win-back
		{0, 0, 0, 0, 0, 0, 0, 2, 0}, // General win-back: C1, C2 stay
		{1, 0, 0, 0, 0, 1, 0, 0, 0}, // new: N2 → value, N1 → development
	}
	if !reflect.DeepEqual(d.Matrix, want) {
		t.Errorf("matrix:\ngot  %v\nwant %v", d.Matrix, want)
	}
	wantCounts := Counts{Before: 8, After: 9, Both: 7,
		Up: 3, Down: 2, Same: 2, // up: '=X C→B, B1 B→A, C1 sum 3→4; down: A2 sum 12→10, B2 B→C
		Changed: 4, New: 2, Gone: 1,
		OutOfA: 1, IntoA: 2} // out: G1 gone; in: B1, N2
	if d.Counts != wantCounts {
		t.Errorf("counts:\ngot  %+v\nwant %+v", d.Counts, wantCounts)
	}
	var dirs []string
	for _, m := range d.Moves {
		dirs = append(dirs, m.ID+":"+m.Direction.String())
	}
	wantDirs := []string{"=X:up", "A1:same", "A2:down", "B1:up", "B2:down", "C1:up", "C2:same", "G1:gone", "N1:new", "N2:new"}
	if !reflect.DeepEqual(dirs, wantDirs) {
		t.Errorf("moves %q, want %q", dirs, wantDirs)
	}

	var b bytes.Buffer
	if err := WriteMoves(&b, d, report.CSVOptions{}); err != nil {
		t.Fatal(err)
	}
	wantMoves := `customer_id,email,name,from_segment,to_segment,from_tier,to_tier,from_rfm_code,to_rfm_code,d_recency,d_frequency,d_monetary,direction
'=X,x@example.com,Xavier,General retention,Important win-back,C,B,231,215,7,0,0.00,up
A1,a1@example.com,Ann,Important value,Important value,A,A,544,544,-3,1,12.50,same
A2,a2@example.com,Al,Important value,Important retention,A,A,444,343,7,0,-50.11,down
B1,b1@example.com,Bo,Important win-back,Important value,B,A,215,534,-59,1,140.00,up
B2,b2@example.com,Bea,General value,General win-back,B,C,441,221,7,0,0.00,down
C1,c1@example.com,Cy,General win-back,General win-back,C,C,111,121,7,1,25.00,up
C2,c2@example.com,Cat,General win-back,General win-back,C,C,211,211,7,0,0.00,same
G1,g1@example.com,,Important development,,A,,515,,,,,gone
N1,n1@example.com,Ned,,General development,,B,,512,,,,new
N2,n2@example.com,Nia,,Important value,,A,,535,,,,new
`
	if b.String() != wantMoves {
		t.Errorf("moves CSV:\n%s\nwant:\n%s", b.String(), wantMoves)
	}

	b.Reset()
	if err := WriteMatrix(&b, d, report.CSVOptions{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if got, want := len(lines), 1+9*9-1; got != want {
		t.Errorf("matrix CSV has %d lines, want %d", got, want)
	}
	for _, w := range []string{
		"from_segment,to_segment,customers,row_share",
		"Important value,Important value,1,0.5000",
		"Important value,Important retention,1,0.5000",
		"Important development,(gone),1,1.0000",
		"General retention,Important retention,0,0.0000",
		"General retention,Important win-back,1,1.0000",
		"(new),Important value,1,0.5000",
		"(new),General win-back,0,0.0000",
		"Important retention,(gone),0,", // an empty row has no shares
	} {
		if !strings.Contains(b.String(), w+"\n") {
			t.Errorf("matrix CSV lacks %q:\n%s", w, b.String())
		}
	}

	b.Reset()
	if err := WriteSummary(&b, d, 2); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{
		"last.csv → this.csv\n",
		"customers: 8 before, 9 now; 7 in both, 2 new, 1 gone\n",
		"moved up 3, moved down 2, same 2 (class changed 4)\n",
		"churned out of tier A 1, newly in tier A 2\n",
	} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("summary lacks %q:\n%s", w, b.String())
		}
	}
	if strings.Contains(b.String(), "General win-back → General win-back") {
		t.Errorf("summary lists a class flowing into itself:\n%s", b.String())
	}
	// Two flows of 1 each, the first two cells in matrix order.
	if !strings.Contains(b.String(), "largest flows:\n  Important value → Important retention: 1 (50.0% of Important value)\n  Important development → (gone): 1 (100.0% of Important development)\n") {
		t.Errorf("largest flows:\n%s", b.String())
	}
}

func TestCompareWithItself(t *testing.T) {
	f := readText(t, "this.csv", thisWeek)
	d, err := Compare(f, f)
	if err != nil {
		t.Fatal(err)
	}
	c := d.Counts
	if c.Up != 0 || c.Down != 0 || c.Changed != 0 || c.New != 0 || c.Gone != 0 || c.OutOfA != 0 || c.IntoA != 0 || c.Same != 9 {
		t.Errorf("a file compared with itself moved: %+v", c)
	}
	for i, row := range d.Matrix {
		for j, v := range row {
			if i != j && v != 0 {
				t.Errorf("matrix[%d][%d] = %d off the diagonal", i, j, v)
			}
		}
	}
	if fl := d.Flows(5); len(fl) != 0 {
		t.Errorf("flows %v, want none", fl)
	}
}

func TestCompareLanguages(t *testing.T) {
	zh := strings.NewReplacer("General retention", "一般保持客户", "Important value", "重要价值客户", "Important win-back", "重要挽留客户",
		"General value", "一般价值客户", "General win-back", "一般挽留客户", "Important development", "重要发展客户").Replace(lastWeek)
	old := readText(t, "last.csv", zh)
	cur := readText(t, "this.csv", thisWeek)
	d, err := Compare(old, cur)
	if err != nil {
		t.Fatal(err)
	}
	if d.Lang != segment.EN || d.Counts.Changed != 4 || d.Matrix[0][0] != 1 {
		t.Errorf("zh → en: lang %v, counts %+v, matrix %v", d.Lang, d.Counts, d.Matrix)
	}
	if len(d.Notes) != 1 || !strings.Contains(d.Notes[0], "last.csv names classes in zh, this.csv in en") {
		t.Errorf("notes %q", d.Notes)
	}

	// With settings that say zh and en, a name outside the scheme cannot be
	// matched across languages.
	cn8 := report.SchemeSettingsOf(segment.CN8())
	old.Settings = &report.Settings{Lang: "zh", Segments: cn8}
	cur.Settings = &report.Settings{Lang: "en", Segments: cn8}
	if _, err := Compare(old, cur); err != nil {
		t.Errorf("known names: %v", err)
	}
	cur.Rows[0].Segment = "VIP"
	_, err = Compare(old, cur)
	if err == nil || !strings.Contains(err.Error(), `"VIP" is not a class of the scheme`) {
		t.Errorf("unknown name across languages: got %v", err)
	}
}

func TestCompareErrors(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"guard collision", "customer_id," + hdr +
			"'=X,1,1,10.00,2024-01-01,2024-01-01,1,1,1,111,3,General win-back,C\n" +
			"=X,1,1,10.00,2024-01-01,2024-01-01,1,1,1,111,3,General win-back,C\n",
			`x.csv:3: column "customer_id": customer "=X" appears twice (also on line 2)`},
		{"no segment", "customer_id,recency_days,frequency,monetary,rfm_code,rfm_sum,tier\n",
			"no segment column among"},
		{"bad monetary", "customer_id," + hdr + "A,1,1,10.005,2024-01-01,2024-01-01,1,1,1,111,3,General win-back,C\n",
			`x.csv:2: column "monetary": cannot read "10.005" as an amount with two decimals`},
		{"bad tier", "customer_id," + hdr + "A,1,1,10.00,2024-01-01,2024-01-01,1,1,1,111,3,General win-back,D\n",
			`x.csv:2: column "tier": "D" is not A, B or C`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.csv")
			os.WriteFile(path, []byte(tt.text), 0o644)
			tab, err := ingest.File{Path: path}.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer tab.Close()
			f, err := ReadCustomerFile(tab)
			if err == nil {
				f.Name = "x.csv"
				_, err = Compare(f, f)
			}
			if err == nil || !strings.Contains(strings.ReplaceAll(err.Error(), path, "x.csv"), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}

func TestParseCents(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"12", 1200, true}, {"12.5", 1250, true}, {"1003.57", 100357, true}, {"-0.01", -1, true},
		{"0.00", 0, true}, {"", 0, false}, {"1.234", 0, false}, {"1,234.00", 0, false}, {"1e3", 0, false}, {".5", 0, false}, {"1.", 0, false}, {"--1", 0, false}, {"-", 0, false}, {"1.-5", 0, false},
	}
	for _, tt := range tests {
		got, err := parseCents([]byte(tt.in))
		if (err == nil) != tt.ok || (tt.ok && int64(got) != tt.want) {
			t.Errorf("parseCents(%q) = %d, %v; want %d, ok %t", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

// customers builds a customer file from "id segment tier rfm_sum" lines.
func customers(t *testing.T, name string, lines ...string) *CustomerFile {
	t.Helper()
	var b strings.Builder
	b.WriteString("customer_id," + hdr)
	for _, l := range lines {
		f := strings.Split(l, "|")
		fmt.Fprintf(&b, "%s,10,1,10.00,2024-01-01,2024-01-01,1,1,1,111,%s,%s,%s\n", f[0], f[3], f[1], f[2])
	}
	return readText(t, name, b.String())
}

func TestCompareCases(t *testing.T) {
	type cell = [2]string // class before (or "(new)"), class now (or "(gone)")
	tests := []struct {
		name     string
		old, cur []string
		matrix   map[cell]int // the cells that are not 0
		dirs     string
		outA     int
		inA      int
	}{
		{"nobody moved",
			[]string{"a|Important value|A|15", "b|General win-back|C|3"},
			[]string{"a|Important value|A|15", "b|General win-back|C|3"},
			map[cell]int{{"Important value", "Important value"}: 1, {"General win-back", "General win-back"}: 1}, "same same", 0, 0},
		{"no customer in common",
			[]string{"a|Important value|A|15"},
			[]string{"b|Important value|A|15"},
			map[cell]int{{"Important value", "(gone)"}: 1, {"(new)", "Important value"}: 1}, "gone new", 1, 1},
		{"tier decides before rfm_sum",
			[]string{"a|General value|B|12", "b|Important win-back|B|9"},
			[]string{"a|Important development|A|10", "b|General retention|C|11"},
			map[cell]int{{"General value", "Important development"}: 1, {"Important win-back", "General retention"}: 1}, "up down", 0, 1},
		{"same tier: rfm_sum decides",
			[]string{"a|Important value|A|15", "b|Important retention|A|10"},
			[]string{"a|Important development|A|12", "b|Important value|A|13"},
			map[cell]int{{"Important value", "Important development"}: 1, {"Important retention", "Important value"}: 1}, "down up", 0, 0},
		{"class changes without moving",
			[]string{"a|Important value|A|12"},
			[]string{"a|Important retention|A|12"},
			map[cell]int{{"Important value", "Important retention"}: 1}, "same", 0, 0},
		{"guarded ids match, in either file's order",
			[]string{"'=1|General win-back|C|3", "'-2|General win-back|C|3", "'@3|General win-back|C|3"},
			[]string{"'@3|General win-back|C|3", "'-2|General win-back|C|3", "'=1|General win-back|C|3"},
			map[cell]int{{"General win-back", "General win-back"}: 3}, "same same same", 0, 0},
		{"names in Chinese now",
			[]string{"a|Important value|A|15", "b|General win-back|C|3"},
			[]string{"a|重要价值客户|A|15", "b|重要挽留客户|B|6"},
			map[cell]int{{"重要价值客户", "重要价值客户"}: 1, {"一般挽留客户", "重要挽留客户"}: 1}, "same up", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Compare(customers(t, "old.csv", tt.old...), customers(t, "new.csv", tt.cur...))
			if err != nil {
				t.Fatal(err)
			}
			got := map[cell]int{}
			for i := range d.Matrix {
				for j, v := range d.Matrix[i] {
					if v != 0 {
						got[cell{d.RowName(i), d.ColName(j)}] = v
					}
				}
			}
			if !reflect.DeepEqual(got, tt.matrix) {
				t.Errorf("matrix\ngot  %v\nwant %v", got, tt.matrix)
			}
			var dirs []string
			for _, m := range d.Moves {
				dirs = append(dirs, m.Direction.String())
			}
			if got := strings.Join(dirs, " "); got != tt.dirs {
				t.Errorf("directions %q, want %q", got, tt.dirs)
			}
			if d.Counts.OutOfA != tt.outA || d.Counts.IntoA != tt.inA {
				t.Errorf("out of A %d, into A %d; want %d, %d", d.Counts.OutOfA, d.Counts.IntoA, tt.outA, tt.inA)
			}
		})
	}
}

// TestReadCustomerFileBlocks reads a file of several of the reader's blocks
// of rows (whose ids and kept values are made a block at a time, the room
// for the rest sized from the first block's bytes): guarded and empty kept
// values, prospects between the rows, ids out of order, and rows longer
// after the first block than in it, so that the room is outgrown.
func TestReadCustomerFileBlocks(t *testing.T) {
	const n = 3*rowBlock + 7
	var b strings.Builder
	b.WriteString("customer_id,note," + hdr)
	type want struct {
		id, note string
		freq     int64
		line     int
	}
	var wants []want
	line := 1
	for i := range n {
		id := fmt.Sprintf("K%06d", (i*7919)%n)
		note := fmt.Sprintf("n%d", i)
		switch {
		case i%1000 == 3:
			id, note = "'="+id, "'+"+note // guarded on output: read without the '
		case i%10 == 4:
			note = ""
		case i > rowBlock:
			note = strings.Repeat("x", 40) + note
		}
		line++
		fmt.Fprintf(&b, "%s,%s,5,%d,10.00,2024-01-01,2024-06-01,3,3,3,333,9,General value,B\n", id, note, i+1)
		wants = append(wants, want{strings.TrimPrefix(id, "'"), strings.TrimPrefix(note, "'"), int64(i + 1), line})
		if i%500 == 0 {
			line++
			fmt.Fprintf(&b, "P%d,p,,,,,,,,,,,,\n", i) // a prospect: left out
		}
	}
	f := readText(t, "blocks.csv", b.String())
	if len(f.Rows) != n {
		t.Fatalf("read %d rows, want %d", len(f.Rows), n)
	}
	for i, w := range wants {
		r := f.Rows[i]
		if r.ID != w.id || len(r.Kept) != 1 || r.Kept[0] != w.note || r.Frequency != w.freq || r.Line != w.line || r.Tier != "B" {
			t.Fatalf("row %d: got %q %q freq %d line %d tier %q, want %+v", i, r.ID, r.Kept, r.Frequency, r.Line, r.Tier, w)
		}
	}
	d, err := Compare(f, f)
	if err != nil {
		t.Fatal(err)
	}
	if d.Counts.Both != n || d.Counts.Same != n {
		t.Fatalf("compared with itself: %+v", d.Counts)
	}
	for i := 1; i < n; i++ {
		if d.Moves[i-1].ID >= d.Moves[i].ID {
			t.Fatalf("moves %d and %d out of order: %q, %q", i-1, i, d.Moves[i-1].ID, d.Moves[i].ID)
		}
	}
}
