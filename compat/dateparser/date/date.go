// Package date holds the result type of the dateparser package.
package date

import "time"

// Date is a parsed date.
type Date struct {
	Time time.Time
}
