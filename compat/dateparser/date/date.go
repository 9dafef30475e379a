// Package date holds the result type of the dateparser package.
package date

import "time"

// Period is how precise a parsed date is.
type Period uint8

// The periods, from unknown to a year.
const (
	None Period = iota
	Second
	Minute
	Hour
	Day
	Month
	Year
)

// Date is a parsed date: the time and how precise it is.
type Date struct {
	Time   time.Time
	Period Period
}

// IsZero reports whether nothing was parsed.
func (d Date) IsZero() bool { return d.Time.IsZero() }
