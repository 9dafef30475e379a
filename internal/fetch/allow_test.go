package fetch

import (
	"context"
	"errors"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"testing"
)

func TestParseIP(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"127.0.0.1", "127.0.0.1"}, {"127.1", "127.0.0.1"}, {"127.0.1", "127.0.0.1"},
		{"2130706433", "127.0.0.1"}, {"0x7f.1", "127.0.0.1"}, {"0x7F000001", "127.0.0.1"},
		{"0177.0.0.1", "127.0.0.1"}, {"017700000001", "127.0.0.1"}, {"127.0.0.1.", "127.0.0.1"},
		{"0xa9.0xfe.0xa9.0xfe", "169.254.169.254"}, {"2852039166", "169.254.169.254"},
		{"[::1]", "::1"}, {"::ffff:127.0.0.1", "::ffff:127.0.0.1"}, {"[::ffff:7f00:1]", "::ffff:127.0.0.1"},
		{"10.0.0.1", "10.0.0.1"}, {"8.8.8.8", "8.8.8.8"},
		// Names and malformed numbers are not addresses.
		{"example.com", ""}, {"localhost", ""}, {"127.0.0.1.2", ""}, {"256.0.0.1", ""},
		{"127.16777216", ""}, {"4294967296", ""}, {"0x", ""}, {"08.0.0.1", ""}, {"", ""}, {"1..1", ""},
	} {
		a, ok := parseIP(tt.in)
		got := ""
		if ok {
			got = a.String()
		}
		if got != tt.want {
			t.Errorf("parseIP(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseAllow(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want string // prefixes and ports, or "error"
	}{
		{"127.0.0.1:8080", "127.0.0.1/32:8080"},
		{"127.0.0.1", "127.0.0.1/32:0"},
		{"127.1:80", "127.0.0.1/32:80"},
		{"[::1]:8080", "::1/128:8080"},
		{"::1", "::1/128:0"},
		{"10.1.2.3/8", "10.0.0.0/8:0"},
		{"localhost:9000", "127.0.0.0/8:9000 ::1/128:9000"},
		{"news.example", "error"},
		{"127.0.0.1:0", "error"},
		{"127.0.0.1:http", "error"},
	} {
		list, err := ParseAllow(tt.in)
		var got []string
		for _, a := range list {
			got = append(got, a.Prefix.String()+":"+strconv.Itoa(int(a.Port)))
		}
		g := strings.Join(got, " ")
		if err != nil {
			g = "error"
		}
		if g != tt.want {
			t.Errorf("ParseAllow(%q) = %q (%v), want %q", tt.in, g, err, tt.want)
		}
	}
}

// FuzzParseIP: any host a feed may link to parses without a panic; an
// address that parses is valid, and whatever netip reads as an address
// parseIP reads the same.
func FuzzParseIP(f *testing.F) {
	for _, s := range []string{"127.1", "2130706433", "0x7f.1", "0177.0.0.1", "[::ffff:7f00:1]", "example.com", "1.2.3.4.", "0x.0x.0x.0x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, ok := parseIP(s)
		if ok && !a.IsValid() {
			t.Fatalf("parseIP(%q) gave an invalid address", s)
		}
		if want, err := netip.ParseAddr(s); err == nil && (!ok || a != want.WithZone("")) {
			t.Fatalf("parseIP(%q) = %v %v, netip reads %v", s, a, ok, want)
		}
	})
}

// TestAllowHost: numeric forms of loopback are refused like 127.0.0.1 and
// never sent to DNS; an allowed address and port is reached, another port
// of it is not; no range, however wide, lets a redirect reach the
// metadata service, which only an entry naming it opens.
func TestAllowHost(t *testing.T) {
	s := serve(t, html)
	port := s.URL[strings.LastIndex(s.URL, ":")+1:]
	opts := testOptions()
	opts.Allow = nil
	c := New(opts)
	for _, host := range []string{"127.1", "2130706433", "0x7f.1", "0177.0.0.1", "[::ffff:127.0.0.1]", "127.0.0.1."} {
		_, err := c.Get(context.Background(), "http://"+host+":"+port+"/", Page, Validators{})
		var b *BlockedError
		if !errors.As(err, &b) || b.Why != "loopback" {
			t.Errorf("%s: %v, want refused as loopback", host, err)
		}
	}
	opts.Allow = MustParseAllow("127.0.0.1:" + port)
	c = New(opts)
	if _, err := c.Get(context.Background(), "http://127.1:"+port+"/", Page, Validators{}); err != nil {
		t.Errorf("allowed address in another notation: %v", err)
	}
	if _, err := c.Get(context.Background(), "http://127.0.0.1:1/", Page, Validators{}); !errors.As(err, new(*BlockedError)) {
		t.Errorf("another port: %v, want refused", err)
	}

	meta := serve(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
	})
	for _, allow := range [][]string{{"0.0.0.0/0"}, {"169.254.0.0/16", "127.0.0.0/8"}, PrivateRanges} {
		opts.Allow = append(MustParseAllow(strings.TrimPrefix(meta.URL, "http://")), MustParseAllow(allow...)...)
		_, err := New(opts).Get(context.Background(), meta.URL+"/", Page, Validators{})
		var b *BlockedError
		if !errors.As(err, &b) || b.Why != "link-local" || b.Addr.String() != "169.254.169.254" {
			t.Errorf("redirect to the metadata service with %v allowed: %v", allow, err)
		}
	}
	if !allows(MustParseAllow("169.254.169.254"), netip.MustParseAddr("169.254.169.254"), 80, "link-local") {
		t.Error("an entry naming the link-local address itself does not open it")
	}
}
