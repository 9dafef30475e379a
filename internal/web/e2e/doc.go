// Package e2e holds storyline's end-to-end web test: the seed articles go
// through the real pipeline into a SQLite store, and headless Chromium
// reads the pages internal/web serves over it. It is a package of its own
// so that internal/web's unit tests do not depend on every pipeline stage.
package e2e
