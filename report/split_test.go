package report

import (
	"strings"
	"testing"
)

func TestSafeFileName(t *testing.T) {
	tests := []struct{ name, in, fallback, want string }{
		{"slug", "important-win-back", "x", "important-win-back"},
		{"chinese", "重要挽留客户", "important-win-back", "重要挽留客户"},
		{"windows specials", `VIP: A/B <test> "x" | y? *`, "vip", "VIP_ A_B _test_ _x_ _ y_ _"},
		{"backslash", `a\b`, "x", "a_b"},
		{"control characters", "a\tb\nc\x00d\x7f", "x", "a_b_c_d_"},
		{"trailing dots and spaces", "VIP. . ", "x", "VIP"},
		{"leading dot", ".hidden", "x", "_hidden"},
		{"leading dash", "-rf", "x", "_rf"},
		{"reserved", "CON", "x", "_CON"},
		{"reserved any case", "nul.txt", "x", "_nul.txt"},
		{"reserved port", "com1", "x", "_com1"},
		{"not reserved", "CONSOLE", "x", "CONSOLE"},
		{"empty", "  ", "other", "other"},
		{"only dots", "...", "", "_"},
		{"NFC", "Cafe\u0301", "x", "Caf\u00e9"},
		{"invalid UTF-8", "a\xffb", "x", "a_b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SafeFileName(tt.in, tt.fallback); got != tt.want {
				t.Errorf("SafeFileName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	long := SafeFileName(strings.Repeat("重", 100), "x") // 300 bytes
	if len(long) > maxFileName || !strings.HasPrefix(strings.Repeat("重", 100), long) {
		t.Errorf("long name cut to %d bytes: %q", len(long), long)
	}
}

func TestUniqueFileName(t *testing.T) {
	seen := map[string]bool{}
	var got []string
	for _, b := range []string{"VIP", "vip", "Vip", "other"} {
		got = append(got, uniqueFileName(b, seen))
	}
	want := "VIP.csv vip-2.csv Vip-3.csv other.csv"
	if strings.Join(got, " ") != want {
		t.Errorf("got %q, want %q", strings.Join(got, " "), want)
	}
}

func TestParseSplitBy(t *testing.T) {
	for in, want := range map[string]SplitBy{"segment": BySegment, "class": BySegment, "Tier": ByTier} {
		if got, ok := ParseSplitBy(in); !ok || got != want {
			t.Errorf("ParseSplitBy(%q) = %v, %t", in, got, ok)
		}
	}
	if _, ok := ParseSplitBy("email"); ok {
		t.Error(`ParseSplitBy("email") succeeded`)
	}
}
