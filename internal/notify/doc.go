// Package notify holds the services shared by every domain for telling
// people things and for doing things later:
//
//   - in-app notifications (notifikasi) for one user, with read marks;
//   - the e-mail outbox: a message is enqueued inside the transaction of the
//     change that causes it, so it is sent only if that change commits, and
//     a sender loop delivers it through a Mailer (SMTP, or a log for
//     development), retrying with exponential backoff;
//   - scheduled jobs (pengingat, reminders): run once at or after their time
//     across every instance, their effects committed together with their
//     done mark.
//
// Several asnpro instances may share one PostgreSQL database, so nothing here
// relies on process memory for correctness: work is claimed in the database
// with a lease (claimed_by, claim_token, claimed_until; on PostgreSQL through
// FOR UPDATE SKIP LOCKED), and a lease that expired — its instance crashed —
// is taken again by another. Every state change is recorded in the audit log
// in the same transaction. Every rule that reads the clock uses an injected
// now; times are stored in UTC.
//
// Delivery guarantees: a scheduled job's effects commit exactly once (the
// done mark is written in the handler's own transaction, guarded by the
// claim token). An e-mail is sent at most once while instances stay up; an
// instance that crashes after the SMTP server accepted a message but before
// it marked the message sent leaves it to be sent again once its lease
// expires (SMTP cannot be part of a database transaction). The stable
// Message-ID header lets mail clients recognise such a duplicate.
package notify
