-- The outcome summary of each panel screen (docs/operations.md, "Screening a panel"): counts only, no patient.
CREATE TABLE panel_screen (
    screen_id        UUID PRIMARY KEY,
    finished_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    label            VARCHAR(200) NOT NULL,
    shares           INTEGER      NOT NULL,
    patients         BIGINT       NOT NULL,
    deceased         BIGINT       NOT NULL,
    without_patient  BIGINT       NOT NULL,
    knee_oa          BIGINT       NOT NULL,
    recommend        BIGINT       NOT NULL,
    modify           BIGINT       NOT NULL,
    assess_first     BIGINT       NOT NULL,
    advise_against   BIGINT       NOT NULL,
    millis           BIGINT       NOT NULL
);
CREATE INDEX panel_screen_finished ON panel_screen (finished_at);
