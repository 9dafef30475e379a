package fetch

import (
	"fmt"
	"net/netip"
	"syscall"
)

// BlockedError is a connection the guard refused.
type BlockedError struct {
	Addr netip.Addr
	Why  string // "loopback", "private", ...
}

func (e *BlockedError) Error() string {
	hint := ""
	if e.Addr.IsValid() {
		hint = fmt.Sprintf(" (use --allow-host %s to allow)", e.Addr)
	}
	return fmt.Sprintf("refused to connect to %s: %s address%s", e.Addr, e.Why, hint)
}

// guard is the net.Dialer Control hook. It sees the address actually being
// dialled, after DNS resolution, for the first request and every redirect
// alike, so a public name that resolves to 127.0.0.1 is caught too.
type guard struct {
	allow []Allow
}

func (g *guard) control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return &BlockedError{Why: "unparsable (" + address + ")"}
	}
	why := blocked(ap.Addr())
	if why == "" || allows(g.allow, ap.Addr(), ap.Port(), why) {
		return nil
	}
	return &BlockedError{Addr: ap.Addr(), Why: why}
}

var (
	cgnat     = netip.MustParsePrefix("100.64.0.0/10")
	thisNet   = netip.MustParsePrefix("0.0.0.0/8")
	benchmark = netip.MustParsePrefix("198.18.0.0/15")
	nat64     = netip.MustParsePrefix("64:ff9b::/96")
)

// blocked returns why an address must not be dialled, "" when it may.
func blocked(a netip.Addr) string {
	a = a.Unmap()
	if nat64.Contains(a) {
		// NAT64 embeds an IPv4 address in its last four bytes.
		b := a.As16()
		a = netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
	}
	switch {
	case !a.IsValid():
		return "invalid"
	case a.IsLoopback():
		return "loopback"
	case a.IsPrivate():
		return "private"
	case a.IsLinkLocalUnicast(), a.IsLinkLocalMulticast():
		return "link-local"
	case a.IsUnspecified(), thisNet.Contains(a):
		return "unspecified"
	case a.IsMulticast(), a.IsInterfaceLocalMulticast():
		return "multicast"
	case cgnat.Contains(a):
		return "shared (CGNAT)"
	case benchmark.Contains(a):
		return "benchmarking"
	}
	return ""
}
