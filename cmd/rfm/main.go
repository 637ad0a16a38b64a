// Command rfm scores customers by recency, frequency and monetary value from a
// transaction export (CSV or XLSX) and names their classes and tiers.
package main

import "os"

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
