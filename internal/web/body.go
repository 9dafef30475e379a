package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/storyline/storyline"
)

// articleIn is the contract's article object. Unknown fields are ignored.
type articleIn struct {
	ID        string  `json:"id"`
	Title     string  `json:"title"`
	Text      *string `json:"text"`
	HTML      *string `json:"html"`
	Source    string  `json:"source"`
	URL       string  `json:"url"`
	Published *string `json:"published"`
	Lang      string  `json:"lang"`
}

// parseArticles reads a POST body: one JSON object, a JSON array of objects,
// or JSON Lines. An element or line that is not a valid article becomes an
// InputError and the others go on, as the contract asks of every input. The
// whole body is refused (EINVALID) only when nothing in it is JSON at all.
//
// Inputs are named "request" (a single object), "request[i]" (array
// elements, from 0) and "request:N" (JSON Lines, from line 1).
func parseArticles(body []byte) ([]storyline.RawArticle, []storyline.InputError, error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return nil, nil, storyline.Errorf(storyline.EINVALID, "empty body: send a JSON article object, an array of them or JSON Lines")
	}
	var raws []storyline.RawArticle
	var errs []storyline.InputError
	add := func(input string, b []byte) {
		a, err := decodeArticle(input, b)
		if err != nil {
			errs = append(errs, storyline.InputError{Input: input, Error: err.Error()})
			return
		}
		raws = append(raws, a)
	}
	switch {
	case trimmed[0] == '[':
		var elems []json.RawMessage
		if err := json.Unmarshal(trimmed, &elems); err != nil {
			return nil, nil, &storyline.Error{Code: storyline.EINVALID, Input: "request", Msg: "bad JSON array", Err: err}
		}
		for i, e := range elems {
			add(fmt.Sprintf("request[%d]", i), e)
		}
		return raws, errs, nil
	case trimmed[0] == '{' && json.Valid(trimmed):
		add("request", trimmed)
		if len(raws) == 0 {
			return nil, nil, &storyline.Error{Code: storyline.EINVALID, Input: "request", Msg: errs[0].Error}
		}
		return raws, nil, nil
	}
	// JSON Lines.
	valid := 0
	for n, line := range bytes.Split(body, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		if json.Valid(line) {
			valid++
		}
		add(fmt.Sprintf("request:%d", n+1), line)
	}
	if valid == 0 {
		return nil, nil, storyline.Errorf(storyline.EINVALID, "bad JSON: the body is neither a JSON article object, an array of them, nor JSON Lines")
	}
	return raws, errs, nil
}

// decodeArticle turns one article object into a RawArticle, keeping its
// bytes as Raw.
func decodeArticle(input string, b []byte) (storyline.RawArticle, error) {
	var in articleIn
	if len(b) == 0 || b[0] != '{' {
		return storyline.RawArticle{}, fmt.Errorf("not a JSON object")
	}
	if err := json.Unmarshal(b, &in); err != nil {
		return storyline.RawArticle{}, fmt.Errorf("bad article object: %w", err)
	}
	a := storyline.RawArticle{
		ID: in.ID, Input: input, Title: in.Title, Source: in.Source, URL: in.URL, Lang: in.Lang,
		Raw: bytes.Clone(b),
	}
	if in.Published != nil {
		a.Published = *in.Published
	}
	// Text wins over HTML when both are given: it is what the sender
	// already extracted.
	switch {
	case in.Text != nil && strings.TrimSpace(*in.Text) != "":
		a.Format, a.Text = storyline.FormatText, *in.Text
	case in.HTML != nil && strings.TrimSpace(*in.HTML) != "":
		a.Format, a.HTML = storyline.FormatHTML, *in.HTML
	default:
		return storyline.RawArticle{}, fmt.Errorf("article has no text and no html")
	}
	return a, nil
}
