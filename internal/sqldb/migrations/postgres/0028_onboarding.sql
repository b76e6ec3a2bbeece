-- Onboarding (package workforce): a candidate placed by a period's latest
-- published final list (P/L, P/L-2; L in an own selection other than JPT)
-- taken on as a CPNS or PPPK employee from a TMT. One onboarding per
-- application; the employee's NIP or NI PPPK is recorded later, when BKN
-- issues it.
CREATE TABLE onboardings (
    application_id BIGINT PRIMARY KEY REFERENCES applications (id),
    period_id      BIGINT NOT NULL REFERENCES periods (id),
    employee_id    BIGINT NOT NULL UNIQUE REFERENCES employees (id),
    formation_code TEXT NOT NULL,
    tmt            TEXT NOT NULL,
    recorded_by    BIGINT REFERENCES users (id),
    recorded_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX onboardings_period ON onboardings (period_id);

-- The onboarding checklist of an employee: each item (nip_documents,
-- oath, latsar_registration, first_skp) ticked once, with its date and who.
CREATE TABLE onboarding_checklist (
    employee_id BIGINT NOT NULL REFERENCES employees (id),
    item        TEXT NOT NULL,
    done_on     TEXT NOT NULL,
    done_by     BIGINT REFERENCES users (id),
    recorded_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (employee_id, item)
);

-- A placed candidate who withdrew (mengundurkan diri), before or after
-- onboarding (employee_id then names the record that stopped).
CREATE TABLE onboarding_withdrawals (
    application_id BIGINT PRIMARY KEY REFERENCES applications (id),
    period_id      BIGINT NOT NULL REFERENCES periods (id),
    formation_code TEXT NOT NULL,
    employee_id    BIGINT REFERENCES employees (id),
    reason         TEXT NOT NULL,
    withdrawn_on   TEXT NOT NULL,
    recorded_by    BIGINT REFERENCES users (id),
    recorded_at    TIMESTAMPTZ NOT NULL
);

-- A replacement confirmed by the committee: the next ranked candidate of
-- the same formation's final list, placed in the withdrawn one's stead.
CREATE TABLE onboarding_replacements (
    application_id BIGINT PRIMARY KEY REFERENCES applications (id),
    replaces_id    BIGINT NOT NULL UNIQUE REFERENCES onboarding_withdrawals (application_id),
    period_id      BIGINT NOT NULL REFERENCES periods (id),
    formation_code TEXT NOT NULL,
    confirmed_by   BIGINT REFERENCES users (id),
    confirmed_at   TIMESTAMPTZ NOT NULL
);
