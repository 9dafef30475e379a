package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/storyline/storyline"
)

// flexString is a JSON field that should be a string but is accepted as a
// number or null too (ids and dates are often written as numbers).
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*f = ""
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
	case b[0] == '-' || b[0] >= '0' && b[0] <= '9':
		*f = flexString(b)
	default:
		return errors.New("want a string")
	}
	return nil
}

// articleJSON is the contract's article object; unknown fields are ignored.
type articleJSON struct {
	ID        flexString `json:"id"`
	Title     flexString `json:"title"`
	Text      flexString `json:"text"`
	HTML      flexString `json:"html"`
	Source    flexString `json:"source"`
	URL       flexString `json:"url"`
	Published flexString `json:"published"`
	Lang      flexString `json:"lang"`
}

// parseArticle reads one article object. raw is kept as the article's Raw.
func parseArticle(raw []byte, input string) (storyline.RawArticle, string) {
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) > 0 && trimmed[0] != '{' && json.Valid(trimmed) {
		return storyline.RawArticle{}, "invalid JSON: not an article object"
	}
	var a articleJSON
	if err := json.Unmarshal(trimmed, &a); err != nil {
		return storyline.RawArticle{}, "invalid JSON: " + jsonReason(err)
	}
	ra := storyline.RawArticle{
		ID:        strings.TrimSpace(string(a.ID)),
		Input:     input,
		Title:     strings.TrimSpace(string(a.Title)),
		Source:    strings.TrimSpace(string(a.Source)),
		URL:       strings.TrimSpace(string(a.URL)),
		Published: strings.TrimSpace(string(a.Published)),
		Lang:      strings.ToLower(strings.TrimSpace(string(a.Lang))),
		Raw:       raw,
	}
	switch {
	case strings.TrimSpace(string(a.Text)) != "":
		ra.Format, ra.Text = storyline.FormatText, string(a.Text)
	case strings.TrimSpace(string(a.HTML)) != "":
		ra.Format, ra.HTML = storyline.FormatHTML, string(a.HTML)
	default:
		return storyline.RawArticle{}, "article has neither text nor html"
	}
	return ra, ""
}

// jsonReason shortens encoding/json's messages to what helps a user.
func jsonReason(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("%v (at byte %d)", se, se.Offset)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field != "" {
			return fmt.Sprintf("field %q: want a string, got %s", te.Field, te.Value)
		}
		return "not an article object"
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return "unexpected end of input"
	}
	return err.Error()
}

// jsonFile reads a .json file: one article object, or an array of them.
// Articles of an array are named path:LINE, the line where they start.
func (r *reader) jsonFile(p string, txt string) error {
	data := []byte(txt)
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		r.bad(p, "empty file")
		return nil
	}
	if trimmed[0] != '[' {
		a, msg := parseArticle(data, p)
		if msg != "" {
			r.bad(p, msg)
			return nil
		}
		return r.send(a)
	}
	if !json.Valid(trimmed) {
		var v any
		err := json.Unmarshal(trimmed, &v)
		r.bad(p, "invalid JSON: "+jsonReason(err))
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil { // '['
		r.bad(p, "invalid JSON: "+jsonReason(err))
		return nil
	}
	for dec.More() {
		start := skipSpace(data, int(dec.InputOffset()))
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			r.bad(p, "invalid JSON: "+jsonReason(err))
			return nil
		}
		input := p + ":" + strconv.Itoa(1+bytes.Count(data[:start], []byte("\n")))
		a, msg := parseArticle([]byte(raw), input)
		if msg != "" {
			r.bad(input, msg)
			continue
		}
		if err := r.send(a); err != nil {
			return err
		}
	}
	return nil
}

// skipSpace skips white space and the commas between array elements.
func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r' || data[i] == ',') {
		i++
	}
	return i
}
