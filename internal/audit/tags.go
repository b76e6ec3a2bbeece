package audit

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"log/slog"
	"strconv"
	"sync/atomic"
	"time"

	"asnpro/internal/audit/chain"
)

// ActionRefused is the alert the sealer records, once, for an event it
// refused to link because its tag is not asnpro's (written beside asnpro,
// straight into the database). Its object is the refused row's seq.
const ActionRefused = "audit.event.refused"

// memoizer keeps per-database values (sqldb.DB and sqldb.Tx satisfy it).
type memoizer interface {
	Memo(key any, mk func() any) any
}

// keyConfig is what this process knows of one database's audit key: the
// tag key events are written with and checked against, and where the
// sealer reports refused events.
type keyConfig struct {
	key atomic.Pointer[chain.TagKey]
	log atomic.Pointer[slog.Logger]
	now atomic.Pointer[func() time.Time]
}

type keyConfigKey struct{}

func configOf(m memoizer) *keyConfig {
	return m.Memo(keyConfigKey{}, func() any { return new(keyConfig) }).(*keyConfig)
}

// UseKey makes this process tag every event it writes to db with the tag
// key derived from priv (chain.NewTagKey), and check the tags of the
// events it seals with it. It must be called before the first write; a
// process that writes events without it leaves them untagged, and the
// sealer refuses them. log receives the sealer's alerts (nil:
// slog.Default()).
func UseKey(db memoizer, priv ed25519.PrivateKey, log *slog.Logger) {
	c := configOf(db)
	c.key.Store(chain.NewTagKey(priv))
	if log != nil {
		c.log.Store(log)
	}
}

// UseClock makes the events this process records on db without a time
// (Event.At) take it from now, the clock the services of db are given;
// nil goes back to time.Now. Call it before the first write.
func UseClock(db memoizer, now func() time.Time) {
	c := configOf(db)
	if now == nil {
		c.now.Store(nil)
		return
	}
	c.now.Store(&now)
}

// nowOf returns the current time by the clock configured for tx's
// database (UseClock), or time.Now.
func nowOf(tx Tx) time.Time {
	if m, ok := tx.(memoizer); ok {
		if now := configOf(m).now.Load(); now != nil {
			return (*now)()
		}
	}
	return time.Now()
}

// tagKeyOf returns the tag key configured for tx's database, or nil.
func tagKeyOf(tx Tx) *chain.TagKey {
	if m, ok := tx.(memoizer); ok {
		return configOf(m).key.Load()
	}
	return nil
}

func loggerOf(tx Tx) *slog.Logger {
	if m, ok := tx.(memoizer); ok {
		if l := configOf(m).log.Load(); l != nil {
			return l
		}
	}
	return slog.Default()
}

// tagOf returns e's tag under k, or "" without a key.
func tagOf(k *chain.TagKey, e chain.Entry) (string, error) {
	if k == nil {
		return "", nil
	}
	return k.Tag(e)
}

// refusal is an unsealed event the sealer would not link: its tag is
// missing or wrong.
type refusal struct {
	seq    int64
	action string
	reason string
}

func (r refusal) event() Event {
	return Event{Role: "system", Action: ActionRefused, ObjectType: "audit_event", ObjectID: strconv.FormatInt(r.seq, 10),
		Data: map[string]any{"seq": r.seq, "action": r.action, "reason": r.reason}}
}

// refuse records that the sealer refused rs: a row of audit_refused each
// (so each is refused, logged and alerted once), logged once tx commits.
// The caller records the alert events.
func refuse(ctx context.Context, tx Tx, rs []refusal) error {
	log := loggerOf(tx)
	at := nowOf(tx).UTC().Truncate(time.Microsecond)
	for _, r := range rs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO audit_refused (seq, action, refused_at)
VALUES ($1, $2, $3)`, r.seq, r.action, at); err != nil {
			return fmt.Errorf("refuse event %d: %w", r.seq, err)
		}
		tx.AfterCommit(func() {
			log.Error(
				"audit: an event in audit_events was not written by asnpro; it is left out of the chain",
				"seq",
				r.seq,
				"action",
				r.action,
				"reason",
				r.reason,
			)
		})
	}
	return nil
}

// checkTag returns why p may not be sealed, or "" when its tag is right.
// p's digests must be set.
func checkTag(k *chain.TagKey, p *pendingEvent) string {
	switch {
	case p.tag == "":
		return "no tag"
	case k == nil:
		return "no key to check the tag with"
	case !k.Check(p.e, p.tag):
		return "wrong tag"
	}
	return ""
}
