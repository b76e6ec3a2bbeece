package exam

import "context"

// VerifyAttemptsIn is VerifyAttempts reading size attempts a batch.
func (s *Service) VerifyAttemptsIn(ctx context.Context, f VerifyFilter, size int) (*VerifyReport, error) {
	return s.verifyAttempts(ctx, f, size)
}
