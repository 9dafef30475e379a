// Command scalecorpus builds a large, deterministic article corpus from the
// shared development sets, for measuring `storyline run` at scale (10k and
// 100k articles).
//
// Article i is a replica of dev article i mod M (M = all articles of the
// clustering sets, in file order), replica number r = i / M. Replica 0 is
// the article itself under a new id. Later replicas get a new id, a date
// shifted by 37 days per replica (undated articles stay undated), and a
// changed text: every capitalised word mid-sentence gets a two-letter
// suffix that depends on the replica (so each replica is a new event with
// new names, not a copy) and about one sentence in six is dropped (so
// replicas are not exact copies, while some remain near-copies). The same
// flags always give the same bytes.
//
// With -gold it also writes the gold story of each article (replica r of
// dev story S is story "S#r"), for eval/cluster_score.py. Replicas keep
// five sixths of their wording and all their figures, and some of their
// names (those that start a sentence), so the clusterer joins many of them
// to each other (B-cubed F1 0.41 on 10k articles): the corpus measures
// speed and memory, not clustering quality.
//
//	go run ./internal/tools/scalecorpus -n 10000 -o /tmp/scale-10k.jsonl
//	scripts/scale-corpus.sh 100000 /tmp/scale-100k   # a directory of 4,000-article files
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/zeebo/xxh3"

	"github.com/storyline/storyline/internal/cluster/devset"
)

type article struct {
	ID        string  `json:"id"`
	Title     string  `json:"title"`
	Text      string  `json:"text"`
	Source    string  `json:"source"`
	URL       string  `json:"url"`
	Published *string `json:"published"`
}

func main() {
	n := flag.Int("n", 10000, "number of articles")
	out := flag.String("o", "-", "output file (- for standard output), or a directory when -per is set")
	per := flag.Int("per", 0, "write files of this many articles into the directory -o (storyline refuses files over 20 MB; 4000 keeps them near 11 MB)")
	shared := flag.String("shared", devset.SharedDir(), "shared material directory")
	gold := flag.String("gold", "", "also write the gold story of every article to this JSON Lines file, for eval/cluster_score.py: replica r of an article belongs to replica r of its dev story")
	flag.Parse()
	if err := run(*shared, *n, *out, *per, *gold); err != nil {
		fmt.Fprintln(os.Stderr, "scalecorpus:", err)
		os.Exit(1)
	}
}

func run(shared string, n int, out string, per int, gold string) error {
	var src []article
	stories := map[string]string{}
	for _, name := range devset.Sets {
		if gold != "" {
			g, err := devset.LoadGold(shared, name)
			if err != nil {
				return err
			}
			maps.Copy(stories, g)
		}
		f, err := os.Open(filepath.Join(shared, "data", "dev", name, "articles.jsonl"))
		if err != nil {
			return err
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 64<<20)
		for sc.Scan() {
			var a article
			if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
				f.Close()
				return fmt.Errorf("%s: %w", name, err)
			}
			src = append(src, a)
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return err
		}
	}
	if len(src) == 0 {
		return fmt.Errorf("no articles under %s", shared)
	}
	if gold != "" {
		if err := writeGold(gold, src, stories, n); err != nil {
			return err
		}
	}
	if per > 0 {
		if err := os.MkdirAll(out, 0o755); err != nil {
			return err
		}
		for start := 0; start < n; start += per {
			name := filepath.Join(out, fmt.Sprintf("part-%04d.jsonl", start/per))
			if err := write(name, src, start, min(start+per, n)); err != nil {
				return err
			}
		}
		return nil
	}
	return write(out, src, 0, n)
}

// writeGold writes the gold story of the first n articles of the corpus:
// replica r of an article of dev story S is in story "S#r" (replicas carry
// other names and dates, so each is another event).
func writeGold(path string, src []article, stories map[string]string, n int) error {
	return writeJSONL(path, func(enc *json.Encoder) error {
		for i := range n {
			a, r := src[i%len(src)], i/len(src)
			story, ok := stories[a.ID]
			if !ok {
				continue
			}
			if err := enc.Encode(map[string]string{"id": replicaID(a.ID, r), "story": fmt.Sprintf("%s#%d", story, r)}); err != nil {
				return err
			}
		}
		return nil
	})
}

// replicaID is the id of replica r of the article with the given id.
func replicaID(id string, r int) string { return fmt.Sprintf("scale%d-%s", r, id) }

// write writes articles [from, to) of the corpus to a file ("-": standard
// output).
func write(out string, src []article, from, to int) error {
	return writeJSONL(out, func(enc *json.Encoder) error {
		for i := from; i < to; i++ {
			if err := enc.Encode(replica(src[i%len(src)], i/len(src))); err != nil {
				return err
			}
		}
		return nil
	})
}

// writeJSONL writes the values emit encodes, one per line, to a file ("-":
// standard output), buffered; an error writing or closing the file is
// returned.
func writeJSONL(out string, emit func(*json.Encoder) error) error {
	var w io.Writer = os.Stdout
	var f *os.File
	if out != "-" {
		var err error
		if f, err = os.Create(out); err != nil {
			return err
		}
		w = f
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	err := emit(enc)
	if err == nil {
		err = bw.Flush()
	}
	if f != nil {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

// replica returns replica r of an article.
func replica(a article, r int) article {
	a.ID = replicaID(a.ID, r)
	if r == 0 {
		return a
	}
	if a.Published != nil {
		if t, err := time.Parse("2006-01-02", *a.Published); err == nil {
			d := t.AddDate(0, 0, 37*r).Format("2006-01-02")
			a.Published = &d
		}
	}
	a.Title = rename(a.Title, r)
	var keep []string
	for j, line := range strings.Split(a.Text, "\n") {
		// drop about one line in six (never the first: it is often the headline)
		if j > 0 && strings.TrimSpace(line) != "" && xxh3.HashString(fmt.Sprint(r, "|", line))%6 == 0 {
			continue
		}
		keep = append(keep, rename(line, r))
	}
	a.Text = strings.Join(keep, "\n")
	return a
}

// rename appends a replica-specific two-letter suffix to every capitalised
// word that does not start a sentence.
func rename(s string, r int) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	start := true // at a sentence start
	for i := 0; i < len(s); {
		ru, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(ru) {
			b.WriteRune(ru)
			if strings.ContainsRune(".!?\n", ru) {
				start = true
			}
			i += size
			continue
		}
		j := i
		for j < len(s) {
			rj, sj := utf8.DecodeRuneInString(s[j:])
			if !unicode.IsLetter(rj) {
				break
			}
			j += sj
		}
		word := s[i:j]
		b.WriteString(word)
		if unicode.IsUpper(ru) && !start && len(word) > 2 {
			h := xxh3.HashString(fmt.Sprint(r, "|", word))
			b.WriteByte(byte('a' + h%26))
			b.WriteByte(byte('a' + (h/26)%26))
		}
		start = false
		i = j
	}
	return b.String()
}
