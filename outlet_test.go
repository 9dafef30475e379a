package storyline

import "testing"

func TestOutlet(t *testing.T) {
	tests := []struct {
		source, url string
		name, key   string
	}{
		{"Northgate Tribune", "", "Northgate Tribune", "northgatetribune"},
		{"", "https://www.northgatetribune.example/news/1", "northgatetribune.example", "northgatetribune"},
		{"northgatetribune.example", "", "northgatetribune.example", "northgatetribune"},
		{"rbc.ru", "", "rbc.ru", "rbc"},
		{"RBC", "", "RBC", "rbc"},
		{"", "https://news.bbc.co.uk/2/hi/x.stm", "news.bbc.co.uk", "bbc"},
		{"The National", "https://www.thenationalnews.com/world", "The National", "thenational"},
		{"  ", "", "", ""},
		{"", "not a url", "", ""},
		{"", "", "", ""},
	}
	for _, tc := range tests {
		name, key := Outlet(&Article{Source: tc.source, URL: tc.url})
		if name != tc.name || key != tc.key {
			t.Errorf("Outlet(%q, %q) = %q, %q; want %q, %q", tc.source, tc.url, name, key, tc.name, tc.key)
		}
	}
}

func TestCountKey(t *testing.T) {
	if a, b := CountKey("Northgate Tribune", "", "a1"), CountKey("", "https://northgatetribune.example/x", "a2"); a != b {
		t.Errorf("one outlet under two names: %q != %q", a, b)
	}
	if a, b := CountKey("", "", "a1"), CountKey("", "", "a2"); a == b {
		t.Errorf("two articles naming no outlet share the key %q", a)
	}
}
