package pipeline

import (
	"context"
	"errors"
	"math/rand/v2"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/storyline/storyline"
)

var (
	errItem = errors.New("item failed")
	errLoad = errors.New("load failed")
)

func TestOrdered(t *testing.T) {
	const n = 200
	tests := []struct {
		name            string
		workers, window int
		failLoad        int // item whose load fails, -1 for none
		failWork        int // item whose work fails, -1 for none
		panicWork       int // item whose work panics, -1 for none
		failConsume     int // item whose consume fails, -1 for none
		cancelAt        int // item at whose consume ctx is cancelled, -1 for none
		wantErr         error
		wantCode        string // storyline.Error code wanted, when set
		wantConsumed    int
	}{
		{name: "order kept", workers: 4, window: 8, failLoad: -1, failWork: -1, panicWork: -1, failConsume: -1, cancelAt: -1, wantConsumed: n},
		{name: "one worker window one", workers: 1, window: 1, failLoad: -1, failWork: -1, panicWork: -1, failConsume: -1, cancelAt: -1, wantConsumed: n},
		{name: "zero workers and window", workers: 0, window: 0, failLoad: -1, failWork: -1, panicWork: -1, failConsume: -1, cancelAt: -1, wantConsumed: n},
		{name: "load error", workers: 4, window: 8, failLoad: 37, failWork: -1, panicWork: -1, failConsume: -1, cancelAt: -1, wantErr: errLoad, wantConsumed: 37},
		{name: "work error", workers: 4, window: 8, failLoad: -1, failWork: 37, panicWork: -1, failConsume: -1, cancelAt: -1, wantErr: errItem, wantConsumed: 37},
		{name: "work panic", workers: 4, window: 8, failLoad: -1, failWork: -1, panicWork: 37, failConsume: -1, cancelAt: -1, wantCode: storyline.EINTERNAL, wantConsumed: 37},
		{name: "consume error", workers: 4, window: 8, failLoad: -1, failWork: -1, panicWork: -1, failConsume: 37, cancelAt: -1, wantErr: errItem, wantConsumed: 37},
		{name: "earliest error wins", workers: 4, window: 8, failLoad: 40, failWork: 37, panicWork: -1, failConsume: -1, cancelAt: -1, wantErr: errItem, wantConsumed: 37},
		{name: "ctx cancelled", workers: 4, window: 8, failLoad: -1, failWork: -1, panicWork: -1, failConsume: -1, cancelAt: 37, wantErr: context.Canceled},
		{name: "no items", workers: 4, window: 8, failLoad: -1, failWork: -1, panicWork: -1, failConsume: -1, cancelAt: -1, wantConsumed: 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			items := n
			if tc.name == "no items" {
				items = 0
			}
			before := runtime.NumGoroutine()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var inFlight, maxInFlight, loaded, worked, running atomic.Int64
			var got []int
			err := Ordered(ctx, items, tc.workers, tc.window,
				func(ctx context.Context, i int) (int, error) {
					running.Add(1)
					defer running.Add(-1)
					loaded.Add(1)
					if cur := inFlight.Add(1); cur > maxInFlight.Load() {
						maxInFlight.Store(cur) // the loader is the only writer
					}
					if i == tc.failLoad {
						return 0, errLoad
					}
					return i, nil
				},
				func(ctx context.Context, i int) (int, error) {
					running.Add(1)
					defer running.Add(-1)
					worked.Add(1)
					if tc.cancelAt >= 0 && i > tc.cancelAt {
						<-ctx.Done() // work that honours ctx
						return 0, ctx.Err()
					}
					time.Sleep(time.Duration(rand.IntN(200)) * time.Microsecond)
					switch i {
					case tc.failWork:
						return 0, errItem
					case tc.panicWork:
						panic("boom")
					}
					return i * 10, nil
				},
				func(r int) error {
					i := r / 10
					if i == tc.failConsume {
						return errItem
					}
					if i == tc.cancelAt {
						cancel()
					}
					got = append(got, i)
					inFlight.Add(-1)
					return nil
				})
			switch {
			case tc.wantCode != "":
				var se *storyline.Error
				if !errors.As(err, &se) || se.Code != tc.wantCode {
					t.Fatalf("err = %v, want a %s storyline.Error", err, tc.wantCode)
				}
			case !errors.Is(err, tc.wantErr):
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if tc.cancelAt < 0 && len(got) != tc.wantConsumed {
				t.Fatalf("consumed %d items, want %d", len(got), tc.wantConsumed)
			}
			for k, i := range got {
				if i != k {
					t.Fatalf("consumed item %d at position %d: order lost", i, k)
				}
			}
			if w := int64(max(tc.window, 1)); maxInFlight.Load() > w {
				t.Errorf("%d items in flight, window is %d", maxInFlight.Load(), w)
			}
			if tc.wantErr != nil || tc.wantCode != "" {
				// The first error stops everything: at most a window beyond it is read.
				if limit := int64(tc.wantConsumed + max(tc.window, 1)); tc.cancelAt < 0 && loaded.Load() > limit {
					t.Errorf("loaded %d items after an error at %d, want at most %d", loaded.Load(), tc.wantConsumed, limit)
				}
				if worked.Load() == n {
					t.Errorf("every item was worked on despite the error")
				}
			}
			// Every goroutine Ordered started has ended when it returns.
			if r := running.Load(); r != 0 {
				t.Errorf("%d loads or works still running after Ordered returned", r)
			}
			// The runtime counts its finalizer goroutine while it runs: allow it to end.
			after := runtime.NumGoroutine()
			for try := 0; after > before && try < 100; try++ {
				time.Sleep(time.Millisecond)
				after = runtime.NumGoroutine()
			}
			if after > before {
				t.Errorf("%d goroutines before, %d after: a leak", before, after)
			}
		})
	}
}

func BenchmarkOrdered(b *testing.B) {
	const n = 1000
	workers := runtime.GOMAXPROCS(0)
	ctx := context.Background()
	for b.Loop() {
		sum := 0
		err := Ordered(ctx, n, workers, 4*workers,
			func(_ context.Context, i int) (int, error) { return i, nil },
			func(_ context.Context, i int) (int, error) {
				x := i
				for range 1000 { // a little work per item
					x = x*1103515245 + 12345
				}
				return x, nil
			},
			func(x int) error { sum += x; return nil })
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "items/s")
}
