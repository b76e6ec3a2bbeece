package notify

import (
	"context"
	"time"
)

// Hooks for the external tests: a claim without the send that should follow
// (an instance that crashed), and the send of an already claimed message.

func (s *Service) ClaimOutbox(ctx context.Context, now time.Time, o SenderOptions) ([]Message, string, error) {
	return s.claimOutbox(ctx, now, o.withDefaults())
}

func (s *Service) SendClaimed(ctx context.Context, m Mailer, o SenderOptions, msg Message, token string) error {
	return s.sendOne(systemCtx(ctx), m, o.withDefaults(), msg, token)
}

var Backoff = backoff

func (s *Service) ClaimJobs(ctx context.Context, now time.Time, instance string, lease time.Duration) ([]Job, string, error) {
	return s.claimJobs(ctx, now, instance, lease)
}

func (s *Service) RunClaimedJob(ctx context.Context, j Job, token, instance string) (bool, error) {
	return s.runJob(systemCtx(ctx), j, token, instance)
}
