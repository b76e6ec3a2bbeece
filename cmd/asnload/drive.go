package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"sync"
	"sync/atomic"
	"time"
)

// setupTimeout bounds the setup: probing the targets and preparing every
// client (signing in included).
const setupTimeout = 30 * time.Minute // registration of thousands of applicants takes minutes

// setupRequestTimeout bounds one request of the setup, such as a sign-in.
const setupRequestTimeout = time.Minute

// load runs the scenario cfg asks for: setup, warm-up, the measured window.
// An error means the run could not start (exit 1).
func load(ctx context.Context, cfg config, stderr io.Writer) (result, error) {
	def, _ := findScenario(cfg.scenario)
	sc := def.new(cfg)
	hc, slow := newHTTPClient(cfg.clients+cfg.signinParallel, cfg.timeout, setupRequestTimeout)
	e := &env{targets: cfg.targets, http: hc, slowHTTP: slow, stderr: stderr}
	defer e.close()
	defer hc.CloseIdleConnections()

	began := time.Now()
	setupCtx, cancel := context.WithTimeout(ctx, setupTimeout)
	defer cancel()
	if err := sc.setup(setupCtx, e); err != nil {
		return result{}, fmt.Errorf("setup: %w", err)
	}
	if cfg.setupOnly {
		fmt.Fprintf(
			stderr,
			"asnload: setup kept in %s (%v); --setup-only: no load\n",
			cfg.applicantsFile,
			time.Since(began).Round(time.Millisecond),
		)
		return result{}, nil
	}
	clients, err := newClients(setupCtx, sc, e, cfg.clients, cfg.signinParallel)
	if err != nil {
		return result{}, fmt.Errorf("setup: %w", err)
	}
	mode := "closed loop"
	if cfg.rate > 0 {
		mode = fmt.Sprintf("open loop at %g/s", cfg.rate)
	}
	fmt.Fprintf(stderr, "asnload: %s, %s, %d clients on %d target(s) (setup %v), warm-up %v, measuring %v\n",
		def.name, mode, cfg.clients, len(e.targets), time.Since(began).Round(time.Millisecond), cfg.warmup, cfg.duration)

	st := newStats()
	seconds := drive(ctx, clients, cfg, st, stderr).Seconds()
	st.report(stderr)

	res := result{Scenario: def.name, Clients: cfg.clients, Rate: cfg.rate, OK: st.ok.Load(), Errors: st.errs.Load(),
		Seconds: round(seconds, 3),
		P50:     round(ms(st.lat.quantile(0.50)), 3),
		P95:     round(ms(st.lat.quantile(0.95)), 3),
		P99:     round(ms(st.lat.quantile(0.99)), 3)}
	for name, h := range st.steps {
		if res.Steps == nil {
			res.Steps = map[string]stepResult{}
		}
		res.Steps[name] = stepResult{
			P50: round(ms(h.quantile(0.50)), 3),
			P95: round(ms(h.quantile(0.95)), 3),
			P99: round(ms(h.quantile(0.99)), 3),
		}
		fmt.Fprintf(
			stderr,
			"asnload: step %s: p50 %.3f ms, p95 %.3f ms, p99 %.3f ms\n",
			name,
			res.Steps[name].P50,
			res.Steps[name].P95,
			res.Steps[name].P99,
		)
	}
	if seconds > 0 {
		res.RPS = round(float64(res.OK)/seconds, 1)
	}
	fmt.Fprintf(stderr, "asnload: %d ok, %d errors in %.3f s: %.1f/s; p50 %.3f ms, p95 %.3f ms, p99 %.3f ms\n",
		res.OK, res.Errors, res.Seconds, res.RPS, res.P50, res.P95, res.P99)
	return res, nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func round(x float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(x*p) / p
}

// newClients prepares n clients, parallel at a time, and stops at the first
// failure.
func newClients(ctx context.Context, sc scenario, e *env, n, parallel int) ([]client, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	clients := make([]client, n)
	var (
		next, ready atomic.Int64
		wg          sync.WaitGroup
		once        sync.Once
		firstErr    error
	)
	stop := every(time.Second, func(time.Time) {
		fmt.Fprintf(e.stderr, "asnload: preparing clients: %d of %d ready\n", ready.Load(), n)
	})
	defer stop()
	for range min(parallel, n) {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				c, err := sc.newClient(ctx, e, i)
				if err != nil {
					once.Do(func() { firstErr = err; cancel() })
					return
				}
				clients[i] = c
				ready.Add(1)
			}
		})
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return clients, nil
}

// stats counts what happened in the measured window. It is safe for
// concurrent use.
type stats struct {
	ok, errs atomic.Int64 // in the window
	done     atomic.Int64 // every completed operation, warm-up included: the progress rate
	inflight atomic.Int64
	lat      histogram // latencies of the successful operations in the window

	stepMu sync.Mutex
	steps  map[string]*histogram // step name → latencies of its successful requests in the window

	mu    sync.Mutex
	kinds map[string]int64 // error message → count
	order []string         // messages in the order first seen
	other int64            // errors beyond maxErrorKinds distinct messages
}

const (
	maxErrorKinds  = 100 // distinct messages kept
	reportedErrors = 5   // distinct messages printed at the end
)

func newStats() *stats { return &stats{kinds: map[string]int64{}, steps: map[string]*histogram{}} }

// A stepSample is how long one step (request) of an operation took.
type stepSample struct {
	name string
	d    time.Duration
}

// A stepReporter is a client whose operations have steps timed on their
// own; takeSteps returns those of its last operation (the successful ones).
type stepReporter interface {
	takeSteps() []stepSample
}

// recordSteps counts the steps of c's last operation, which counts in the
// window.
func (s *stats) recordSteps(c client) {
	sr, ok := c.(stepReporter)
	if !ok {
		return
	}
	for _, smp := range sr.takeSteps() {
		s.stepMu.Lock()
		h := s.steps[smp.name]
		if h == nil {
			h = new(histogram)
			s.steps[smp.name] = h
		}
		s.stepMu.Unlock()
		h.record(smp.d)
	}
}

// record counts one operation of the window that took d and failed with err.
func (s *stats) record(d time.Duration, err error) {
	if err == nil {
		s.ok.Add(1)
		s.lat.record(d)
		return
	}
	s.fail(err.Error())
}

// fail counts one failed operation of the window.
func (s *stats) fail(msg string) {
	s.errs.Add(1)
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, seen := s.kinds[msg]; !seen {
		if len(s.order) == maxErrorKinds {
			s.other++
			return
		}
		s.order = append(s.order, msg)
	}
	s.kinds[msg]++
}

// report prints the first few distinct errors with their counts.
func (s *stats) report(w io.Writer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, m := range s.order {
		if i == reportedErrors {
			fmt.Fprintf(w, "asnload: … and %d more kinds of error\n", len(s.order)-reportedErrors)
			break
		}
		fmt.Fprintf(w, "asnload: error ×%d: %s\n", s.kinds[m], m)
	}
	if s.other > 0 {
		fmt.Fprintf(w, "asnload: … and %d errors of yet other kinds\n", s.other)
	}
}

// drive runs the warm-up and the measured window, closed or open loop, with
// a progress line on stderr every second; it returns the length of the
// window actually measured (shorter when ctx ends early).
func drive(ctx context.Context, clients []client, cfg config, st *stats, stderr io.Writer) time.Duration {
	start := time.Now()
	winStart := start.Add(cfg.warmup)
	winEnd := winStart.Add(cfg.duration)
	stop := progress(stderr, st, start, winStart)
	var end time.Time
	if cfg.rate > 0 {
		end = openLoop(ctx, clients, cfg.rate, st, start, winStart, winEnd)
	} else {
		end = closedLoop(ctx, clients, st, winStart, winEnd)
	}
	stop()
	return max(end.Sub(winStart), 0)
}

// closedLoop has every client run operations back to back until the window
// ends. An operation counts in the window when it completes inside it; those
// still running at the end are abandoned, not counted.
func closedLoop(ctx context.Context, clients []client, st *stats, winStart, winEnd time.Time) time.Time {
	runCtx, cancel := context.WithDeadline(ctx, winEnd)
	defer cancel()
	var wg sync.WaitGroup
	for _, c := range clients {
		wg.Go(func() {
			for runCtx.Err() == nil {
				st.inflight.Add(1)
				t0 := time.Now()
				err := c.Op(runCtx)
				t1 := time.Now()
				st.inflight.Add(-1)
				if !t1.Before(winEnd) || (err != nil && runCtx.Err() != nil) {
					return // cut short by the end of the window or by ctx
				}
				st.done.Add(1)
				if !t1.Before(winStart) {
					st.record(t1.Sub(t0), err)
					st.recordSteps(c)
				}
			}
		})
	}
	wg.Wait()
	if now := time.Now(); now.Before(winEnd) {
		return now
	}
	return winEnd
}

// openLoop offers rate operations per second, due at fixed intervals from
// start whatever the answers, and hands each to a free client. Latency runs
// from the due time, so a slow server cannot hold the offered load back
// (no coordinated omission). An operation due while every client is busy
// is dropped and counted as an error. Operations due in the window count
// there and are waited for after it (each bounded by --timeout).
func openLoop(ctx context.Context, clients []client, rate float64, st *stats, start, winStart, winEnd time.Time) time.Time {
	capacity := int64(len(clients))
	jobs := make(chan time.Time, len(clients)) // never full: at most capacity in flight
	var wg sync.WaitGroup
	for _, c := range clients {
		wg.Go(func() {
			for due := range jobs {
				err := c.Op(ctx)
				t1 := time.Now()
				st.inflight.Add(-1)
				if err != nil && ctx.Err() != nil {
					continue // interrupted
				}
				st.done.Add(1)
				if !due.Before(winStart) {
					st.record(t1.Sub(due), err)
					st.recordSteps(c)
				}
			}
		})
	}
	interval := float64(time.Second) / rate
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	end := winEnd
schedule:
	for k := 0; ; k++ {
		due := start.Add(time.Duration(float64(k) * interval))
		if !due.Before(winEnd) {
			break
		}
		if d := time.Until(due); d > 0 {
			timer.Reset(d)
			select {
			case <-ctx.Done():
				timer.Stop()
				end = time.Now()
				break schedule
			case <-timer.C:
			}
		} else if ctx.Err() != nil {
			end = time.Now()
			break
		}
		if st.inflight.Add(1) > capacity {
			st.inflight.Add(-1)
			if !due.Before(winStart) {
				st.fail(fmt.Sprintf("dropped: all %d clients busy when the operation was due", capacity))
			}
			continue
		}
		jobs <- due
	}
	close(jobs)
	wg.Wait()
	return end
}

// progress prints one line a second to w until the returned stop is called.
func progress(w io.Writer, st *stats, start, winStart time.Time) (stop func()) {
	lastT, lastN := start, int64(0)
	return every(time.Second, func(now time.Time) {
		n := st.done.Load()
		phase := "measuring"
		if now.Before(winStart) {
			phase = "warm-up"
		}
		fmt.Fprintf(w, "asnload: %5.1fs %-9s ok %d, errors %d, %.0f/s, in flight %d\n",
			now.Sub(start).Seconds(), phase, st.ok.Load(), st.errs.Load(),
			float64(n-lastN)/now.Sub(lastT).Seconds(), st.inflight.Load())
		lastT, lastN = now, n
	})
}

// every calls fn every period, from one goroutine, until the returned stop
// is called; stop returns once fn has returned for the last time.
func every(period time.Duration, fn func(now time.Time)) (stop func()) {
	quit := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(period)
		defer tick.Stop()
		for {
			select {
			case <-quit:
				return
			case <-tick.C:
				fn(time.Now()) // not the tick's time, which is stale when this goroutine ran late
			}
		}
	}()
	return func() { close(quit); <-finished }
}
