-- Client tokens' jti values, shared by every replica on PostgreSQL so that a token replayed to another replica
-- is refused. The key is a SHA-256 of issuer and jti (no token content); rows are purged after they expire.
CREATE TABLE seen_jti (
    jti_key    CHAR(64) PRIMARY KEY,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX seen_jti_expires ON seen_jti (expires_at);
