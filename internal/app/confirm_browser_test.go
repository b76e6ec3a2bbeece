package app_test

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"asnpro/internal/app/apptest"
)

// clickConfirmed clicks an irreversible action's button, which leads to
// its confirmation page (no JavaScript involved), and confirms there.
func clickConfirmed(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	click(t, ctx, id)
	apptest.Step(t, ctx, "the confirmation of "+id, chromedp.WaitVisible(chromedp.ID("confirm-yes")))
	if w := apptest.Eval[int](t, ctx, `document.documentElement.scrollWidth - window.innerWidth`); w > 0 {
		t.Errorf("the confirmation of %s scrolls sideways by %d px", id, w)
	}
	apptest.Screenshot(t, ctx, "confirm-"+id)
	click(t, ctx, "confirm-yes")
}
