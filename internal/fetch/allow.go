package fetch

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// Allow is one exception to the guard (--allow-host): an address, with or
// without a port, or a CIDR prefix. It lets connections reach loopback,
// private and other refused addresses inside it. Link-local addresses
// (the cloud metadata service at 169.254.169.254 among them) pass only
// when an entry names that very address: no prefix opens them.
type Allow struct {
	Prefix netip.Prefix
	Port   uint16 // 0: any port
}

// ParseAllow reads an --allow-host value: "127.0.0.1:8080", "[::1]:8080",
// "127.0.0.1", "10.0.0.0/8", "fd00::/8", or "localhost" (with or without a
// port: every loopback address). Numeric forms such as "127.1" are read
// as the addresses they stand for.
func ParseAllow(s string) ([]Allow, error) {
	s = strings.TrimSpace(s)
	if p, err := netip.ParsePrefix(s); err == nil {
		return []Allow{{Prefix: p.Masked()}}, nil
	}
	host, port := s, uint16(0)
	if h, ps, ok := splitPort(s); ok {
		n, err := strconv.ParseUint(ps, 10, 16)
		if err != nil || n == 0 {
			return nil, fmt.Errorf("--allow-host %q: bad port %q", s, ps)
		}
		host, port = h, uint16(n)
	}
	if strings.EqualFold(host, "localhost") {
		return []Allow{{netip.MustParsePrefix("127.0.0.0/8"), port}, {netip.MustParsePrefix("::1/128"), port}}, nil
	}
	a, ok := parseIP(host)
	if !ok {
		return nil, fmt.Errorf("--allow-host %q: not an address, address:port, CIDR or localhost (names are not allowed: the guard checks the addresses they resolve to)", s)
	}
	return []Allow{{netip.PrefixFrom(a, a.BitLen()), port}}, nil
}

// MustParseAllow is ParseAllow for values known to be good (tests, and
// the ranges of --allow-private); it panics on a bad one.
func MustParseAllow(values ...string) []Allow {
	var out []Allow
	for _, v := range values {
		a, err := ParseAllow(v)
		if err != nil {
			panic(err)
		}
		out = append(out, a...)
	}
	return out
}

// PrivateRanges are the loopback and private ranges that the deprecated
// --allow-private opens: not link-local, not the metadata service.
var PrivateRanges = []string{"127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"}

// splitPort splits "host:port" and "[v6]:port"; ok is false when s has
// no port.
func splitPort(s string) (host, port string, ok bool) {
	if strings.HasPrefix(s, "[") {
		end := strings.Index(s, "]")
		if end < 0 || !strings.HasPrefix(s[end+1:], ":") {
			return strings.Trim(s, "[]"), "", false
		}
		return s[1:end], s[end+2:], true
	}
	if strings.Count(s, ":") != 1 {
		return s, "", false // none, or a bare IPv6 address
	}
	i := strings.LastIndex(s, ":")
	return s[:i], s[i+1:], true
}

// allows reports whether an entry lets the guard dial a, which it would
// refuse for the reason why, on port.
func allows(list []Allow, a netip.Addr, port uint16, why string) bool {
	a = a.Unmap()
	for _, e := range list {
		if e.Port != 0 && e.Port != port || !e.Prefix.Contains(a) {
			continue
		}
		if why == "link-local" && e.Prefix.Bits() != a.BitLen() {
			continue // only an entry naming the address itself opens link-local
		}
		return true
	}
	return false
}

// parseIP reads an IP address in any notation an HTTP client or resolver
// would accept: dotted IPv4 with one to four parts, each decimal, octal
// (leading 0) or hex (0x), as inet_aton reads them ("127.1",
// "2130706433", "0x7f.1", "0177.0.0.1"); IPv6, in brackets or not, IPv4-
// mapped included. A trailing dot is ignored.
func parseIP(h string) (netip.Addr, bool) {
	if len(h) >= 2 && h[0] == '[' && h[len(h)-1] == ']' {
		h = h[1 : len(h)-1]
	}
	if a, err := netip.ParseAddr(h); err == nil {
		return a.WithZone(""), true
	}
	h = strings.TrimSuffix(h, ".")
	if a, err := netip.ParseAddr(h); err == nil {
		return a.WithZone(""), true
	}
	parts := strings.Split(h, ".")
	if len(parts) > 4 || h == "" {
		return netip.Addr{}, false
	}
	var v [4]uint64
	for i, p := range parts {
		n, ok := parseInetPart(p)
		if !ok {
			return netip.Addr{}, false
		}
		v[i] = n
	}
	// The last part fills the bytes the others leave.
	last := len(parts) - 1
	limit := uint64(1) << (8 * (4 - last))
	if v[last] >= limit {
		return netip.Addr{}, false
	}
	var b [4]byte
	for i := 0; i < last; i++ {
		if v[i] > 255 {
			return netip.Addr{}, false
		}
		b[i] = byte(v[i])
	}
	for i := 3; i >= last; i-- {
		b[i] = byte(v[last])
		v[last] >>= 8
	}
	return netip.AddrFrom4(b), true
}

// parseInetPart reads one part of an inet_aton address.
func parseInetPart(p string) (uint64, bool) {
	base := 10
	switch {
	case p == "":
		return 0, false
	case len(p) > 2 && (p[:2] == "0x" || p[:2] == "0X"):
		p, base = p[2:], 16
	case len(p) > 1 && p[0] == '0':
		p, base = p[1:], 8
	}
	n, err := strconv.ParseUint(p, base, 32)
	return n, err == nil
}
