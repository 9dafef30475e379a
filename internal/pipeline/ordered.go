package pipeline

import (
	"context"
	"strconv"
	"sync"
)

// Ordered runs the three stages of an ordered fan-out over the items 0..n-1
// and returns the first error in item order:
//
//   - load(i) runs on one goroutine, in item order, for the stages that want
//     serial access (a store read);
//   - work runs on up to workers goroutines, for the stages that want cores
//     (a brief, an encoding);
//   - consume runs on the calling goroutine, strictly in item order, for the
//     stages that want order (a write, a print).
//
// At most window items are in flight (loaded but not yet consumed), so that
// the memory a run holds does not grow with n. An error from any stage, or a
// panic in load or work (turned into an internal error as Safely does),
// stops the run once the items before it are consumed: nothing after it is
// consumed and Ordered returns it after every goroutine it started has
// ended. When ctx ends first, Ordered returns ctx.Err(); load and work get a
// context that ends then, or when Ordered returns, and should honour it.
func Ordered[T, R any](ctx context.Context, n, workers, window int,
	load func(ctx context.Context, i int) (T, error),
	work func(ctx context.Context, item T) (R, error),
	consume func(R) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers, window = max(workers, 1), max(window, 1)
	type job struct {
		i    int
		item T
		out  chan result[R] // buffered: workers never wait
	}
	jobs := make(chan job, workers)
	order := make(chan job, window)
	slots := make(chan struct{}, window) // one per item in flight
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // the loader
		defer wg.Done()
		defer close(order)
		defer close(jobs)
		for i := range n {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			j := job{i: i, out: make(chan result[R], 1)}
			if err := Safely("ordered: load", "item "+strconv.Itoa(i), func() (err error) {
				j.item, err = load(ctx, i)
				return err
			}); err != nil {
				j.out <- result[R]{err: err}
				order <- j // never blocks: a slot is held
				return
			}
			// A job goes to the workers before the consumer waits for it.
			select {
			case jobs <- j:
			case <-ctx.Done():
				return
			}
			order <- j
		}
	}()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				var r result[R]
				r.err = Safely("ordered: work", "item "+strconv.Itoa(j.i), func() (err error) {
					r.val, err = work(ctx, j.item)
					return err
				})
				j.out <- r
			}
		}()
	}
	defer func() {
		cancel() // stops the loader when the consumer returns early
		wg.Wait()
	}()
	done := 0
	for j := range order {
		r := <-j.out
		if r.err != nil {
			return r.err
		}
		if err := consume(r.val); err != nil {
			return err
		}
		<-slots
		done++
	}
	if done < n {
		return ctx.Err()
	}
	return nil
}

// result is the outcome of one item's work.
type result[R any] struct {
	val R
	err error
}
