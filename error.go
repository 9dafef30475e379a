package storyline

import (
	"errors"
	"fmt"
)

// Error codes. They map to HTTP statuses in internal/web and to exit
// statuses in cmd/storyline, each in one place.
const (
	EINVALID  = "invalid"   // bad input: unreadable, malformed, too large
	ENOTFOUND = "not_found" // no such article or story
	ECONFLICT = "conflict"  // already exists
	EUNAUTH   = "unauthorized"
	ETOOLARGE = "too_large"
	EINTERNAL = "internal"
)

// Error is storyline's error: a code, the operation that failed, the input
// it concerns (a path, path:line, URL or id) and the cause.
type Error struct {
	Code  string
	Op    string
	Input string
	Msg   string
	Err   error
}

func (e *Error) Error() string {
	var s string
	if e.Op != "" {
		s = e.Op + ": "
	}
	if e.Input != "" {
		s += e.Input + ": "
	}
	switch {
	case e.Msg != "" && e.Err != nil:
		s += e.Msg + ": " + e.Err.Error()
	case e.Msg != "":
		s += e.Msg
	case e.Err != nil:
		s += e.Err.Error()
	default:
		s += e.Code
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with a code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Msg: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) && e.Code != "" {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the reason of an error without its operation prefix
// when it is an *Error, for messages shown to users.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		if e.Msg != "" && e.Err != nil {
			return e.Msg + ": " + e.Err.Error()
		}
		if e.Msg != "" {
			return e.Msg
		}
		if e.Err != nil {
			return e.Err.Error()
		}
	}
	return err.Error()
}

// InputError is one rejected input of a run, as the contract's "errors".
type InputError struct {
	Input string `json:"input"`
	Error string `json:"error"`
	// Warning marks an input that was kept all the same, with the part
	// the message names left out (an unreadable published date).
	Warning bool `json:"warning,omitempty"`
}
