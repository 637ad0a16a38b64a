// Package ingest reads transaction exports — CSV or XLSX — into used rows for
// rfm.Aggregator, following SPEC §1–§2.
//
// A File detects its format, encoding (UTF-8 with or without BOM, GBK/GB18030,
// UTF-16 with BOM) and delimiter (, ; tab |) and yields Records. Scan maps
// the header to roles (customer, date, amount or quantity × unit price, order
// id) through the recognised English and Chinese headers or the names the
// caller gives, then takes every data row through the steps of SPEC §2 in
// order: wrong number of fields → rejected; --where filters → filtered;
// empty customer id, bad date or bad amount → rejected; dated after the as-of
// date → counted apart; with Dedupe, an exact duplicate → counted apart;
// otherwise used. The Report holds the accounting, which always satisfies
// read = used + rejected + filtered + after as-of + duplicates.
//
// Dates written a/b/y are month first unless some row has a first field over
// 12, in which case the whole file is day first; Scan then reads the table a
// second time, so the decision covers every row.
package ingest
