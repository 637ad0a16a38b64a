//go:build !windows

package i18n

// systemLocale is empty: elsewhere the locale is the environment's.
func systemLocale() string { return "" }
