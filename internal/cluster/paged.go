package cluster

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"github.com/zeebo/xxh3"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/binenc"
	"github.com/storyline/storyline/internal/pages"
)

// The paged form. Beside its saved state (MarshalBinary), a clusterer is
// a set of pages (storyline.Page) that a process can read by key:
//
//	cluster.meta   page 0: the counts of articles, keys and stories
//	cluster.df     the document frequencies of dfPage keys per page
//	cluster.key    the text and posting list of keyPage keys per page
//	cluster.vocab  a directory from the hash of a key to its id
//	cluster.story  one story per page: id, dates, vectors, caches, members
//	cluster.art    one article per page: id, story, copies, profile
//	cluster.id     a directory from the hash of an article id to its index
//	cluster.sid    a directory from the hash of a story id to its index
//
// Every clusterer tracks the pages its changes touch (the cached norms
// that scoring renews included: they are part of the state), and
// AppendDirtyPages encodes them. A clusterer opened with OpenPaged holds
// nothing but the counts at first; Prefetch and PrefetchSettle load the
// pages that Add or Settle of one article will read, which are a bounded
// number whatever the size of the store: the article's keys, its
// candidate stories, their compared members and the document frequencies
// of what those hold. Add and Settle then run unchanged, so a paged
// clusterer decides and changes exactly what the whole one would
// (TestPagedMatchesMemory), and the pages it writes back are the very
// bytes the whole one would write.

// Page kinds.
const (
	PageMeta    = "cluster.meta"
	pageDF      = "cluster.df"
	pageKey     = "cluster.key"
	pageVocab   = "cluster.vocab"
	pageStory   = "cluster.story"
	pageArticle = "cluster.art"
	pageArtID   = "cluster.id"
	pageStoryID = "cluster.sid"
)

// Keys per page. A df page is small (about 1.5 KB) and an article's keys
// and its candidates' vectors spread over many of them; a key page holds
// posting lists (up to 2 x MaxPostings stories each), read only for the
// article's own keys. Those keys rarely share a page, so a key page holds
// few: with 16 a page it often outgrew a 4 KB SQLite page, a one-article
// ingest on a 100k-article store read 330-440 KB of them, and it ran 16%
// slower than with 4 a page (in one session, alternated).
const (
	dfPage  = 1024
	keyPage = 4
)

// dirtySet is what changed since the pages were last written.
type dirtySet struct {
	df, key, story, art pages.Dirty
	all                 bool
}

// pager is what a paged clusterer has loaded.
type pager struct {
	read                pages.Reader
	df, key, story, art []bool // loaded, by page
	err                 error  // of a page faulted in by idf (see Err)
}

// Err returns, and forgets, the error of reading a page that a paged
// clusterer's Add or Settle faulted in: their outcome is then not to be
// trusted.
func (c *Clusterer) Err() error {
	if c.pg == nil {
		return nil
	}
	err := c.pg.err
	c.pg.err = nil
	return err
}

// faultDF loads the document frequency of key k, which a step reads
// without a prefetch having loaded it (see loadStories).
func (c *Clusterer) faultDF(k uint32) {
	if p := int(k / dfPage); p < len(c.pg.df) && !c.pg.df[p] {
		if err := c.loadDF([]uint32{k}); err != nil && c.pg.err == nil {
			c.pg.err = err
		}
	}
}

// MarkAllDirty makes the next AppendDirtyPages write every page: the first
// write of a store that has no pages, or after a restore from a saved
// state.
func (c *Clusterer) MarkAllDirty() {
	c.dirty.all = true
	c.vocabDir.MarkAll()
	c.artDir.MarkAll()
	c.storyDir.MarkAll()
}

// AppendDirtyPages appends the pages changed since the last call (all of
// them after MarkAllDirty) and forgets that they changed. A paged
// clusterer cannot write all pages, as it does not hold them.
func (c *Clusterer) AppendDirtyPages(dst []storyline.Page) ([]storyline.Page, error) {
	all := c.dirty.all
	if all && c.pg != nil {
		return dst, fmt.Errorf("cluster: a paged clusterer cannot write all its pages")
	}
	c.dirty.all = false
	dst = append(dst, storyline.Page{Kind: PageMeta, Num: 0, Data: c.encodeMeta()})
	dst = appendPages(dst, pageDF, &c.dirty.df, all, (c.df.size()+dfPage-1)/dfPage, c.encodeDF)
	dst = appendPages(dst, pageKey, &c.dirty.key, all, (c.keys.size()+keyPage-1)/keyPage, c.encodeKeys)
	dst = appendPages(dst, pageStory, &c.dirty.story, all, c.stories.size(), c.encodeStory)
	dst = appendPages(dst, pageArticle, &c.dirty.art, all, c.ids.size(), c.encodeArticle)
	dst = c.vocabDir.AppendDirty(dst, pageVocab)
	dst = c.artDir.AppendDirty(dst, pageArtID)
	return c.storyDir.AppendDirty(dst, pageStoryID), nil
}

// appendPages appends the dirty pages of one kind (all n of them when all).
func appendPages(dst []storyline.Page, kind string, d *pages.Dirty, all bool, n int, enc func(int64) []byte) []storyline.Page {
	nums, _ := d.Take()
	if all {
		nums = nums[:0]
		for i := range int64(n) {
			nums = append(nums, i)
		}
	}
	for _, i := range nums {
		dst = append(dst, storyline.Page{Kind: kind, Num: i, Data: enc(i)})
	}
	return dst
}

// pageLayout numbers the layout of the pages (their kinds, formats and
// keys per page); pages of another layout are rewritten whole.
const pageLayout = 2

// ErrLayout is the error of OpenPaged on pages of another layout.
var ErrLayout = errors.New("cluster: index pages of another layout")

// PagesCurrent reports whether a stored meta page is of this build's
// layout.
func PagesCurrent(meta []byte) bool {
	r := binenc.NewReader(meta, nil)
	return r.Int() == pageLayout && r.Int() == stateVersion && r.Err() == nil
}

func (c *Clusterer) encodeMeta() []byte {
	b := binary.AppendUvarint(nil, pageLayout)
	b = binary.AppendUvarint(b, stateVersion)
	for _, v := range []int{c.n, c.keys.size(), c.stories.size(), c.ids.size(), c.dead} {
		b = binary.AppendUvarint(b, uint64(v))
	}
	return b
}

func (c *Clusterer) encodeDF(p int64) []byte {
	var b []byte
	for k := int(p) * dfPage; k < min(c.df.size(), int(p+1)*dfPage); k++ {
		b = binary.AppendUvarint(b, uint64(*c.df.at(int32(k))))
	}
	return b
}

func (c *Clusterer) encodeKeys(p int64) []byte {
	var b []byte
	for k := int(p) * keyPage; k < min(c.keys.size(), int(p+1)*keyPage); k++ {
		b = binenc.AppendString(b, *c.keys.at(int32(k)))
		b = binenc.AppendInts(b, *c.postings.at(int32(k)))
	}
	return b
}

func (c *Clusterer) encodeStory(i int64) []byte {
	s := c.stories.at(int32(i))
	b := appendStory(nil, s)
	b = binary.AppendUvarint(b, uint64(len(s.members)))
	prev := int32(0)
	for _, m := range s.members { // ascending: arrival order
		b = binary.AppendUvarint(b, uint64(m-prev))
		prev = m
	}
	return b
}

// appendStory writes a story as MarshalBinary and its page do.
func appendStory(b []byte, s *story) []byte {
	b = binenc.AppendString(b, s.id)
	b = binary.AppendVarint(b, int64(s.first))
	b = binary.AppendVarint(b, int64(s.last))
	b = binary.AppendVarint(b, int64(s.year))
	b = appendVec(b, s.centroid)
	b = appendVec(b, s.names)
	b = appendVec(b, s.figs)
	b = appendNorm(b, s.normAt, s.norm)
	b = appendNorm(b, s.nnormAt, s.nnorm)
	return appendNorm(b, s.cohAt, s.coh)
}

func (c *Clusterer) encodeArticle(i int64) []byte { return c.appendArticle(nil, int(i)) }

// appendArticle writes an article as MarshalBinary and its page do: id,
// story, copies and profile.
func (c *Clusterer) appendArticle(b []byte, i int) []byte {
	b = binenc.AppendString(b, *c.ids.at(int32(i)))
	b = binary.AppendUvarint(b, uint64(*c.storyOf.at(int32(i))))
	b = binary.AppendUvarint(b, uint64(*c.copies.at(int32(i))))
	return appendProfile(b, c.profiles.at(int32(i)))
}

// appendProfile writes what MarshalBinary writes of an article's profile.
func appendProfile(b []byte, p *profile) []byte {
	b = binary.AppendVarint(b, int64(p.day))
	b = binenc.AppendString(b, p.lang)
	b = binary.AppendVarint(b, int64(p.year))
	b = binary.AppendUvarint(b, uint64(p.ntok))
	b = appendVec(b, p.terms)
	b = appendVec(b, p.names)
	b = appendVec(b, p.figs)
	b = appendVec(b, p.lead)
	b = appendNorm(b, p.normAt, p.norm)
	b = appendVec(b, p.persons)
	return appendVec(b, p.places)
}

// OpenPaged returns a clusterer over stored pages that loads them as
// Prefetch and PrefetchSettle ask; only the counts are read now. Its
// store-sized columns keep the whole clusterer's indexes and lengths but
// hold only what was loaded (see column).
func OpenPaged(opts Options, read pages.Reader) (*Clusterer, error) {
	c := New(opts)
	got, err := read(PageMeta, []int64{0})
	if err != nil {
		return nil, fmt.Errorf("cluster: read pages: %w", err)
	}
	if !PagesCurrent(got[0]) {
		return nil, ErrLayout
	}
	r := binenc.NewReader(got[0], func() error { return bad("bad cluster meta page") })
	r.Int()
	r.Int()
	n, nk, ns, na, dead := r.Int(), r.Int(), r.Int(), r.Int(), r.Int()
	if err := r.Err(); err != nil {
		return nil, err
	}
	if n != na || dead > ns {
		return nil, bad("inconsistent cluster meta page")
	}
	c.n, c.dead = n, dead
	c.df, c.idfAt, c.idfVal = sparseColumn[int32](nk, dfPage), sparseColumn[int32](0, rowChunk), sparseColumn[float64](0, rowChunk)
	c.postings, c.keys = sparseColumn[[]int32](nk, keyPage), sparseColumn[string](nk, keyPage)
	c.stories = sparseColumn[story](ns, rowChunk)
	c.ids, c.storyOf, c.copies = sparseColumn[string](na, rowChunk), sparseColumn[int32](na, rowChunk), sparseColumn[int32](na, rowChunk)
	c.profiles = sparseColumn[profile](na, rowChunk)
	c.vocabDir, c.artDir, c.storyDir = pages.NewPagedDir(), pages.NewPagedDir(), pages.NewPagedDir()
	c.pg = &pager{read: read, df: make([]bool, (nk+dfPage-1)/dfPage), key: make([]bool, (nk+keyPage-1)/keyPage),
		story: make([]bool, ns), art: make([]bool, na)}
	return c, nil
}

// Prefetch loads the pages that Add(a) will read: a no-op on a clusterer
// in memory. a.DuplicateOf must be set as Add will see it.
func (c *Clusterer) Prefetch(a *storyline.Article) error {
	if c.pg == nil {
		return nil
	}
	ids := []string{a.ID}
	if a.DuplicateOf != "" {
		ids = append(ids, a.DuplicateOf)
	}
	if err := c.loadArticleIDs(ids); err != nil {
		return err
	}
	if i, ok := c.byID[a.ID]; ok {
		return c.loadStories([]int32{*c.storyOf.at(i)}, "", false)
	}
	ks := extractKeys(a, &c.opts)
	if err := c.loadArticleKeys(ks); err != nil {
		return err
	}
	p := c.profileOf(a, ks) // creates the article's new keys, as Add will
	if err := c.loadKeyPages(appendKeys(nil, p.terms, p.names, p.figs)); err != nil {
		return err
	}
	cands := c.candidates(&p)
	ss := make([]int32, 0, len(cands)+1)
	for _, cd := range cands {
		ss = append(ss, cd.s)
	}
	if j, ok := c.byID[a.DuplicateOf]; ok {
		ss = append(ss, *c.storyOf.at(j))
	}
	if err := c.loadStories(ss, a.Lang, true); err != nil {
		return err
	}
	if err := c.loadNewStoryID(a.ID); err != nil {
		return err
	}
	return c.Err()
}

// PrefetchSettle loads the pages that Settle([]string{id}) and StoryOf(id)
// will read.
func (c *Clusterer) PrefetchSettle(id string) error {
	if c.pg == nil {
		return nil
	}
	if err := c.loadArticleIDs([]string{id}); err != nil {
		return err
	}
	i, ok := c.byID[id]
	if !ok {
		return nil
	}
	from := *c.storyOf.at(i)
	if err := c.loadStories([]int32{from}, "", false); err != nil {
		return err
	}
	if len(c.stories.at(from).members) != 1 {
		return nil
	}
	p := c.profiles.at(i)
	var keys []uint32
	for _, v := range [][]kw{p.terms, p.names, p.figs} {
		for _, e := range v {
			keys = append(keys, e.K)
		}
	}
	if err := c.loadKeyPages(keys); err != nil {
		return err
	}
	if err := c.storyDir.Load(c.pg.read, pageStoryID, []uint64{xxh3.HashString(c.stories.at(from).id)}); err != nil {
		return fmt.Errorf("cluster: read pages: %w", err)
	}
	var ss []int32
	for _, cd := range c.candidates(p) {
		ss = append(ss, cd.s)
	}
	if err := c.loadStories(ss, p.lang, true); err != nil {
		return err
	}
	return c.Err()
}

// loadArticleIDs loads the articles of the ids that are stored.
func (c *Clusterer) loadArticleIDs(ids []string) error {
	hs := make([]uint64, len(ids))
	for i, id := range ids {
		hs[i] = xxh3.HashString(id)
	}
	if err := c.artDir.Load(c.pg.read, pageArtID, hs); err != nil {
		return fmt.Errorf("cluster: read pages: %w", err)
	}
	var idx []int32
	for _, h := range hs {
		if i, ok := c.artDir.Get(h); ok {
			idx = append(idx, i)
		}
	}
	if err := c.loadArticles(idx); err != nil {
		return err
	}
	for k, h := range hs {
		if i, ok := c.artDir.Get(h); ok && *c.ids.at(i) != ids[k] {
			return bad("article ids %q and %q have the same hash", ids[k], *c.ids.at(i))
		}
	}
	return nil
}

// loadArticleKeys loads the ids and document frequencies of the keys
// (extracted from the article) that Add will look up (all the article's words: choosing its salient
// terms weighs them all by IDF), and the last key and df pages, which new
// keys extend. The posting lists, which only the salient keys need, are
// Prefetch's to load. A key is found by the hash of its text alone: two
// keys with one 64-bit hash (about one chance in 10^7 at a million keys)
// would be taken for one, here as in the directory the whole clusterer
// writes.
func (c *Clusterer) loadArticleKeys(ks articleKeys) error {
	var keys []string
	add := func(kind byte, m map[string]float64) {
		for k := range m {
			keys = append(keys, string(kind)+k)
		}
	}
	add(kindTerm, ks.terms)
	add(kindName, ks.names)
	add(kindName, ks.leadNames)
	add(kindFig, ks.figs)
	for _, ents := range [][]string{ks.persons, ks.places} {
		for _, k := range ents {
			keys = append(keys, string(kindName)+k)
		}
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	hs := make([]uint64, len(keys))
	for i, k := range keys {
		hs[i] = xxh3.HashString(k)
	}
	if err := c.vocabDir.Load(c.pg.read, pageVocab, hs); err != nil {
		return fmt.Errorf("cluster: read pages: %w", err)
	}
	var ids, last []uint32
	for i, h := range hs {
		if id, ok := c.vocabDir.Get(h); ok {
			ids = append(ids, uint32(id))
			c.vocab[kindIndex(keys[i][0])][keys[i][1:]] = uint32(id)
		}
	}
	if n := c.keys.size(); n > 0 {
		last = []uint32{uint32(n - 1)} // new keys go on the last pages
	}
	if err := c.loadDF(ids); err != nil {
		return err
	}
	return c.loadKeyPages(last)
}

// loadKeyPages loads the text, posting lists and document frequencies of
// keys.
func (c *Clusterer) loadKeyPages(keys []uint32) error {
	if err := c.loadDF(keys); err != nil {
		return err
	}
	nums := c.missing(c.pg.key, keys, keyPage)
	if len(nums) == 0 {
		return nil
	}
	got, err := c.pg.read(pageKey, nums)
	if err != nil {
		return fmt.Errorf("cluster: read pages: %w", err)
	}
	for _, p := range nums {
		if err := c.decodeKeys(p, got[p]); err != nil {
			return err
		}
		c.pg.key[p] = true
	}
	return nil
}

// missing lists the pages of per keys per page holding keys that are not
// loaded yet.
func (c *Clusterer) missing(loaded []bool, keys []uint32, per int) []int64 {
	var nums []int64
	for _, k := range keys {
		if p := int64(k) / int64(per); int(p) < len(loaded) && !loaded[p] {
			nums = append(nums, p)
		}
	}
	slices.Sort(nums)
	return slices.Compact(nums)
}

func (c *Clusterer) decodeKeys(p int64, data []byte) error {
	r := binenc.NewReader(data, func() error { return bad("bad cluster key page %d", p) })
	for k := int(p) * keyPage; k < min(c.keys.size(), int(p+1)*keyPage) && r.Err() == nil; k++ {
		key, pl := r.Str(), r.Ints()
		if r.Err() != nil || key == "" {
			r.Fail()
			break
		}
		for _, s := range pl {
			if s < 0 || int(s) >= c.stories.size() {
				r.Fail()
			}
		}
		*c.keys.at(int32(k)), *c.postings.at(int32(k)) = key, pl
		c.vocab[kindIndex(key[0])][key[1:]] = uint32(k)
	}
	if r.Err() == nil && r.Len() != 0 {
		r.Fail()
	}
	return r.Err()
}

// loadDF loads the document frequencies of keys.
func (c *Clusterer) loadDF(keys []uint32) error {
	nums := c.missing(c.pg.df, keys, dfPage)
	if len(nums) == 0 {
		return nil
	}
	got, err := c.pg.read(pageDF, nums)
	if err != nil {
		return fmt.Errorf("cluster: read pages: %w", err)
	}
	for _, p := range nums {
		r := binenc.NewReader(got[p], func() error { return bad("bad cluster df page %d", p) })
		for k := int(p) * dfPage; k < min(c.df.size(), int(p+1)*dfPage); k++ {
			*c.df.at(int32(k)) = int32(r.Int())
		}
		if r.Err() == nil && r.Len() != 0 {
			r.Fail()
		}
		if r.Err() != nil {
			return r.Err()
		}
		c.pg.df[p] = true
	}
	return nil
}

// loadStories loads stories with their compared members (see reps: the
// first and the latest, and the one before the latest, which Settle's
// move into the story may release) and, for scoring, the document
// frequencies that scoring them reads: those of the vectors whose cached
// norms are stale (see stale), of the first member's lead names, and of
// the members' names for a story in another language than lang. Any
// other frequency a step reads (the pruning of a centroid that outgrew
// its bound) is faulted in by idf; right after a bulk run the caches of
// nearly all candidate stories are fresh, and loading every frequency
// their vectors hold cost 20-25 ms of a one-article ingest at 100k.
func (c *Clusterer) loadStories(ss []int32, lang string, scoring bool) error {
	var loaded []story
	err := c.loadRows(pageStory, ss, c.pg.story, func(n int64, data []byte) error {
		st, err := c.decodeStory(n, data)
		if err != nil {
			return err
		}
		*c.stories.at(int32(n)) = st
		if st.id != "" {
			c.storyByID[st.id] = int32(n)
		}
		loaded = append(loaded, st)
		return nil
	})
	if err != nil || len(loaded) == 0 {
		return err
	}
	var members []int32
	for _, st := range loaded {
		members = append(members, reps(st.members, c.opts.Reps)...)
		if k := len(st.members) - c.opts.Reps; k >= 0 {
			members = append(members, st.members[k])
		}
	}
	if err := c.loadArticles(members); err != nil || !scoring || !prefetchScoringDF {
		return err
	}
	var keys []uint32
	for _, st := range loaded {
		keys = c.scoringKeys(keys, &st, lang)
	}
	return c.loadDF(keys)
}

// prefetchScoringDF is off only in tests, which then check that the
// frequencies idf faults in give the same outcome.
var prefetchScoringDF = true

// scoringKeys appends the keys whose document frequencies scoring story
// st reads beside the article's own (see loadStories).
func (c *Clusterer) scoringKeys(keys []uint32, st *story, lang string) []uint32 {
	if len(st.members) == 0 {
		return keys
	}
	cohesion := len(st.members) > 1 && c.stale(st.cohAt)
	if c.stale(st.normAt) || cohesion {
		keys = appendKeys(keys, st.centroid)
	}
	if c.stale(st.nnormAt) {
		keys = appendKeys(keys, st.names)
	}
	first := c.profiles.at(st.members[0])
	keys = appendKeys(keys, first.lead)
	for _, m := range reps(st.members, c.opts.Reps) {
		p := c.profiles.at(m)
		if cohesion || c.stale(p.normAt) {
			keys = appendKeys(keys, p.terms)
		}
		if first.lang != lang {
			keys = appendKeys(keys, p.names)
		}
	}
	return keys
}

func appendKeys(dst []uint32, vs ...[]kw) []uint32 {
	for _, v := range vs {
		for _, e := range v {
			dst = append(dst, e.K)
		}
	}
	return dst
}

func (c *Clusterer) decodeStory(n int64, data []byte) (story, error) {
	r := binenc.NewReader(data, func() error { return bad("bad cluster story page %d", n) })
	nk := c.keys.size()
	s := story{id: r.Str()}
	s.first, s.last = int32(r.Varint()), int32(r.Varint())
	s.year = int16(r.Varint())
	s.centroid, s.names, s.figs = readVec(r, nk), readVec(r, nk), readVec(r, nk)
	s.normAt, s.norm = readNorm(r)
	s.nnormAt, s.nnorm = readNorm(r)
	s.cohAt, s.coh = readNorm(r)
	k := r.Int()
	if r.Err() == nil && k > r.Len() {
		r.Fail()
	}
	m := int32(0)
	for i := 0; i < k && r.Err() == nil; i++ {
		d := r.Int()
		m += int32(d)
		if (i > 0 && d == 0) || int(m) >= c.ids.size() || m < 0 {
			r.Fail()
		}
		s.members = append(s.members, m)
	}
	if r.Err() == nil && (r.Len() != 0 || (s.id == "") != (len(s.members) == 0)) {
		r.Fail()
	}
	return s, r.Err()
}

// loadArticles loads articles by index.
func (c *Clusterer) loadArticles(idx []int32) error {
	return c.loadRows(pageArticle, idx, c.pg.art, func(n int64, data []byte) error {
		if err := c.decodeArticle(n, data); err != nil {
			return err
		}
		c.byID[*c.ids.at(int32(n))] = int32(n)
		return nil
	})
}

// loadRows reads the pages of one kind, a row each (a story, an article),
// that are not loaded yet among idx, and hands each to decode.
func (c *Clusterer) loadRows(kind string, idx []int32, loaded []bool, decode func(n int64, data []byte) error) error {
	var nums []int64
	for _, i := range idx {
		if i >= 0 && int(i) < len(loaded) && !loaded[i] {
			nums = append(nums, int64(i))
		}
	}
	slices.Sort(nums)
	nums = slices.Compact(nums)
	if len(nums) == 0 {
		return nil
	}
	got, err := c.pg.read(kind, nums)
	if err != nil {
		return fmt.Errorf("cluster: read pages: %w", err)
	}
	for _, n := range nums {
		if err := decode(n, got[n]); err != nil {
			return err
		}
		loaded[n] = true
	}
	return nil
}

func (c *Clusterer) decodeArticle(n int64, data []byte) error {
	r := binenc.NewReader(data, func() error { return bad("bad cluster article page %d", n) })
	nk := c.keys.size()
	id, s, cp := r.Str(), r.Int(), r.Int()
	p := readProfile(r, nk, true)
	if r.Err() == nil && (r.Len() != 0 || id == "" || s >= c.stories.size()) {
		r.Fail()
	}
	if r.Err() != nil {
		return r.Err()
	}
	*c.ids.at(int32(n)), *c.storyOf.at(int32(n)), *c.copies.at(int32(n)), *c.profiles.at(int32(n)) = id, int32(s), int32(cp), p
	return nil
}

// loadNewStoryID loads the story ids that Add may give a new story of
// article id, until one is free (see commit).
func (c *Clusterer) loadNewStoryID(id string) error {
	for n := 1; ; n++ {
		sid := storyIDFor(id)
		if n > 1 {
			sid = storyIDFor(id + "#" + fmt.Sprint(n))
		}
		h := xxh3.HashString(sid)
		if err := c.storyDir.Load(c.pg.read, pageStoryID, []uint64{h}); err != nil {
			return fmt.Errorf("cluster: read pages: %w", err)
		}
		s, ok := c.storyDir.Get(h)
		if !ok {
			return nil
		}
		if err := c.loadStories([]int32{s}, "", false); err != nil {
			return err
		}
		if c.stories.at(int32(s)).id != sid {
			return bad("story ids %q and %q have the same hash", sid, c.stories.at(int32(s)).id)
		}
	}
}
