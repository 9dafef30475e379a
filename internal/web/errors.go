package web

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/storyline/storyline"
)

// Codes used only by the web layer, next to storyline's own.
const (
	// eForbidden: writes are disabled because no token is configured.
	eForbidden = "forbidden"
	// eUnavailable: the server was started without an ingester.
	eUnavailable = "unavailable"
)

// status maps an error code to its HTTP status. It is the one place where
// this mapping lives.
func status(code string) int {
	switch code {
	case storyline.EINVALID:
		return http.StatusBadRequest
	case storyline.ENOTFOUND:
		return http.StatusNotFound
	case storyline.ECONFLICT:
		return http.StatusConflict
	case storyline.EUNAUTH:
		return http.StatusUnauthorized
	case eForbidden:
		return http.StatusForbidden
	case storyline.ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	case eUnavailable:
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}

// errorCode is ErrorCode that also recognises the body limit of
// http.MaxBytesReader.
func errorCode(err error) string {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return storyline.ETOOLARGE
	}
	return storyline.ErrorCode(err)
}

// errorBody is the JSON shape of every API error.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// publicError returns the code, status and message to show for err.
// Internal errors are logged in full and shown only as "internal error", so
// that paths and SQL never leak to clients.
func (s *server) publicError(r *http.Request, err error) (code string, st int, msg string) {
	code = errorCode(err)
	st = status(code)
	msg = storyline.ErrorMessage(err)
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		msg = "request body too large"
	}
	if st >= 500 && code != eUnavailable {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		msg = "internal error"
	}
	return code, st, msg
}

func (s *server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	code, st, msg := s.publicError(r, err)
	var b errorBody
	b.Error.Code, b.Error.Message = code, msg
	if st == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="storyline"`)
	}
	writeJSON(w, st, b)
}

func writeJSON(w http.ResponseWriter, st int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		st = http.StatusInternalServerError
		b = []byte(`{"error":{"code":"internal","message":"internal error"}}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(st)
	w.Write(append(b, '\n'))
}
