package main

import (
	"errors"
	"io"

	"github.com/rfmtool/rfm/rfm/i18n"
)

// warnedError ends a run that did all its work — every output written and
// committed — but printed warnings that change what it published: a stale
// list kept in a --split-by folder, a diff of files scored differently or
// the wrong way round. run turns it into exit status 3, so that a cron job
// or a script sees it even under --quiet, which never hides these warnings.
type warnedError struct{ n int }

func (e warnedError) Error() string { return e.Localize(i18n.EN) }

func (e warnedError) Localize(l i18n.Lang) string {
	return l.Tf("finished with %d warning(s) about what was published", e.n)
}

// onlyWarned reports whether err is nil or a warnedError: the run's outputs
// were all written and it goes on.
func onlyWarned(err error) bool {
	return err == nil || errors.As(err, new(warnedError))
}

// reporter prints a run's messages on stderr: notes, which --quiet hides,
// and warnings that change what the run published, which it never hides and
// which it counts for the exit status.
type reporter struct {
	w      io.Writer
	lang   i18n.Lang // the interface's: each format is a key of the catalog
	quiet  bool
	warned int
}

// notef prints an ordinary note or warning, unless --quiet.
func (r *reporter) notef(format string, a ...any) {
	if !r.quiet {
		io.WriteString(r.w, r.lang.Tf(format, a...)+"\n")
	}
}

// lines prints each line as a note, unless --quiet.
func (r *reporter) lines(lines ...string) {
	for _, l := range lines {
		r.notef("%s", l)
	}
}

// publishf prints a warning that changes what was published, also under
// --quiet, as "warning: …".
func (r *reporter) publishf(format string, a ...any) {
	r.warned++
	io.WriteString(r.w, r.lang.T("warning: ")+r.lang.Tf(format, a...)+"\n")
}

// message is a message of the catalog as the argument of another: written
// in the language of the message it is part of.
type message struct {
	key  string
	args []any
}

// msgf returns the message key with args.
func msgf(key string, args ...any) message { return message{key, args} }

func (m message) String() string { return m.Localize(i18n.EN) }

// Localize returns the message in l.
func (m message) Localize(l i18n.Lang) string { return l.Tf(m.key, m.args...) }

// status is nil, or the warnedError for the warnings publishf printed.
func (r *reporter) status() error {
	if r.warned == 0 {
		return nil
	}
	return warnedError{r.warned}
}
