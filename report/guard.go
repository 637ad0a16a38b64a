package report

import (
	"regexp"

	"github.com/rfmtool/rfm/rfm/i18n"
)

// GuardMode chooses how text that a spreadsheet would run as a formula is
// written in a CSV output.
type GuardMode int

// The guard modes.
const (
	// GuardSheet puts a ' before every text that begins with = + - @ tab,
	// CR or ': for files opened in a spreadsheet.
	GuardSheet GuardMode = iota
	// GuardMail is GuardSheet except for phone numbers (+44 20 7946 0000)
	// and e-mail addresses (-sales@example.com), written as they are: for
	// files imported by mail and SMS tools, which keep the '. Neither can
	// run anything in a spreadsheet: a phone number has no letters, so no
	// function or reference, and the e-mail addresses let through have no
	// ( | ! or quote, so no function call and no link to another program.
	GuardMail
)

// ParseGuard reads sheet or mail.
func ParseGuard(s string) (GuardMode, error) {
	switch s {
	case "sheet":
		return GuardSheet, nil
	case "mail":
		return GuardMail, nil
	}
	return 0, i18n.Errorf("--guard must be sheet or mail, got %q", s)
}

func (m GuardMode) String() string { return [...]string{"sheet", "mail"}[m] }

// guarded reports whether a text beginning with c gets a ': the characters
// that start a formula, and the ' itself, so that the guard is one to one
// and Unguard gives back exactly the text written.
func guarded(c byte) bool {
	switch c {
	case '=', '+', '-', '@', '\t', '\r', '\'':
		return true
	}
	return false
}

// Guard writes s for a spreadsheet: GuardSheet's rule.
func Guard(s string) string {
	if s != "" && guarded(s[0]) {
		return "'" + s
	}
	return s
}

// Guard writes s in mode m.
func (m GuardMode) Guard(s string) string {
	if s == "" || !guarded(s[0]) {
		return s
	}
	if m == GuardMail && (phoneRE.MatchString(s) || emailRE.MatchString(s)) {
		return s
	}
	return "'" + s
}

var (
	// phoneRE: a + and digits with the usual separators, 6 to 20 digits.
	phoneRE = regexp.MustCompile(`^\+[0-9](?:[ ().\-/]*[0-9]){5,19}$`)
	// emailRE: the common form of an address, local@domain.tld.
	emailRE = regexp.MustCompile(`^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$`)
)

// Unguard returns s without the ' that Guard (in either mode) put before
// it: Unguard(m.Guard(s)) == s for every s. A text that no guard wrote,
// such as 'abc, is returned as it is.
func Unguard(s string) string {
	if len(s) > 1 && s[0] == '\'' && guarded(s[1]) {
		return s[1:]
	}
	return s
}
