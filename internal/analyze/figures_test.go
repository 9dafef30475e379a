package analyze

import "testing"

// TestFiguresWritten covers the ways news writes a quantity that the
// first figure rules missed (numbers without a unit, currency codes,
// numbers and fractions in words, round counts that look like years),
// and the look-alikes that stay out.
func TestFiguresWritten(t *testing.T) {
	tests := []figureCase{
		// Numbers with separators, decimals or a scale, and no unit.
		{"The index closed at 1,333.18 on Friday.", "1,333.18", 1333.18, ""},
		{"The county counted 2,380,000 in all.", "2,380,000", 2380000, ""},
		{"Revenue was 771.3 billion last year.", "771.3 billion", 771.3e9, ""},
		{"The clip drew 25k within a day.", "25k", 25000, ""},
		// Currency codes joined to the number, before it or after it.
		{"Shares rose to RM2.05 in early trade.", "RM2.05", 2.05, "MYR"},
		{"The deal is worth AUD1.5m in total.", "AUD1.5m", 1.5e6, "AUD"},
		{"A licence costs USD 1,700 a year.", "USD 1,700", 1700, "USD"},
		{"The dollar bought 108.79 JPY at noon.", "108.79 JPY", 108.79, "JPY"},
		{"He paid 1,200€ for the laptop.", "1,200€", 1200, "EUR"},
		{"It posted a deficit of $-50.8bn in March.", "$-50.8bn", -50.8e9, "USD"},
		// Numbers in words, scaled, compound, fractions, "one".
		{"There are twenty-eight thousand six hundred forty-two students.", "twenty-eight thousand six hundred forty-two students", 28642, "students"},
		{"The charity fed 4 hundred million people.", "4 hundred million people", 4e8, "people"},
		{"Two thirds of voters agreed.", "Two thirds", 2.0 / 3, ""},
		{"Two-thirds of sales are digital.", "Two-thirds", 2.0 / 3, ""},
		{"Rates rose by one per cent.", "one per cent", 1, "%"},
		{"Only one solution was found.", "one solution", 1, "solution"},
		{"It is one of the oldest ballparks in the country.", "one of the oldest ballparks", 1, "ballparks"},
		{"He played for five NBA teams.", "five NBA teams", 5, "teams"},
		// Multiples, units, round counts written like years.
		{"The stars spin 78,000 times a minute.", "78,000 times", 78000, "times"},
		{"The plant makes 550 megawatt at its peak.", "550 megawatt", 550, "MW"},
		{"The engine gives 61.4 MPa of pressure.", "61.4 MPa", 61.4, "MPa"},
		{"The index fell to 1,350 points.", "1,350 points", 1350, "points"},
		{"Apple is going from 1000 to 2000 hires this year.", "1000", 1000, "hires"},
		{"The firm serves 1000 customers.", "1000 customers", 1000, "customers"},
	}
	checkFigures(t, tests)
	none := []string{
		"No one came to the meeting.",
		"One of them said so.",
		"They helped one another.",
		"The team scored 66 in the game.",
		"In 2000 the law changed.",
		"The price rose to 1,999 in 1999.",
		"He was the one man who knew.",
		"It happened in the 1980s.",
	}
	for _, in := range none {
		a := analyzed(in, published)
		for _, f := range a.Figures {
			if in == "The price rose to 1,999 in 1999." && f.Text == "1,999" {
				continue // a number with a separator is no year
			}
			t.Errorf("%q: want no figure, got %+v", in, f)
		}
	}
}

// figureCase is a sentence and a figure it must give: its text, value
// and unit.
type figureCase struct {
	in    string
	text  string
	value float64
	unit  string
}

// checkFigures analyses each case's sentence and checks that its figure
// is among those found, with valid spans.
func checkFigures(t *testing.T, cases []figureCase) {
	t.Helper()
	for _, tc := range cases {
		a := analyzed(tc.in, published)
		checkSpans(t, a)
		found := false
		for _, f := range a.Figures {
			if f.Text == tc.text && abs(f.Value-tc.value) <= 1e-9*max(1, abs(tc.value)) && f.Unit == tc.unit {
				found = true
			}
		}
		if !found {
			t.Errorf("%q: want %q = %v %q, got %+v", tc.in, tc.text, tc.value, tc.unit, a.Figures)
		}
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
