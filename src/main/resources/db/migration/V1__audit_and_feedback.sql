-- The audit trail of every CDS call and the feedback clinicians gave on its cards.
-- Portable SQL: runs on PostgreSQL and on H2 in PostgreSQL mode. No patient ids, names or tokens:
-- patients appear only as a keyed hash.

CREATE TABLE audit_call (
    call_id          UUID PRIMARY KEY,
    received_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    service_id       VARCHAR(64)  NOT NULL,
    hook             VARCHAR(64),
    hook_instance    VARCHAR(64),
    patient_hash     CHAR(64),
    client           VARCHAR(128),
    rule_set_version VARCHAR(64)  NOT NULL,
    http_status      SMALLINT     NOT NULL,
    outcome          VARCHAR(16),
    rules_fired      VARCHAR(400),
    data_complete    BOOLEAN,
    unread_sources   VARCHAR(400),
    latency_micros   INTEGER      NOT NULL
);
CREATE INDEX audit_call_received ON audit_call (received_at);

CREATE TABLE audit_card (
    card_uuid        UUID PRIMARY KEY,
    call_id          UUID         NOT NULL REFERENCES audit_call (call_id) ON DELETE CASCADE,
    indicator        VARCHAR(16)  NOT NULL,
    outcome          VARCHAR(16)  NOT NULL,
    suggestion_uuids VARCHAR(1000)
);
CREATE INDEX audit_card_call ON audit_card (call_id);

CREATE TABLE audit_card_rule (
    card_uuid UUID        NOT NULL REFERENCES audit_card (card_uuid) ON DELETE CASCADE,
    rule_id   VARCHAR(16) NOT NULL,
    PRIMARY KEY (card_uuid, rule_id)
);

-- One row per distinct feedback entry; entry_key (a hash of the entry's content) makes a repeat a no-op.
-- No foreign key to audit_card: feedback is kept even when its card's audit record is not (yet) there.
CREATE TABLE feedback (
    feedback_id          UUID PRIMARY KEY,
    entry_key            CHAR(64)     NOT NULL UNIQUE,
    received_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    service_id           VARCHAR(64)  NOT NULL,
    client               VARCHAR(128),
    card_uuid            UUID         NOT NULL,
    outcome              VARCHAR(16)  NOT NULL,
    outcome_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    accepted_suggestions VARCHAR(2000),
    reason_system        VARCHAR(255),
    reason_code          VARCHAR(64),
    reason_display       VARCHAR(255),
    user_comment         VARCHAR(2000)
);
CREATE INDEX feedback_card ON feedback (card_uuid);
CREATE INDEX feedback_received ON feedback (received_at);
