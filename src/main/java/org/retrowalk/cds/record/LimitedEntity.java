package org.retrowalk.cds.record;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.http.HttpEntity;
import org.apache.http.entity.HttpEntityWrapper;

/** An HTTP answer's body that fails with an I/O error once more than {@code limit} bytes have been read from it. */
final class LimitedEntity extends HttpEntityWrapper {

    /** Thrown by the body past its limit. */
    static final class OverLimit extends IOException {
        OverLimit(long limit) {
            super("the answer is over " + limit + " bytes");
        }
    }

    private final long limit;

    LimitedEntity(HttpEntity wrapped, long limit) {
        super(wrapped);
        this.limit = limit;
    }

    @Override
    public InputStream getContent() throws IOException {
        return new FilterInputStream(super.getContent()) {
            private long read;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0 && ++read > limit) {
                    throw new OverLimit(limit);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0 && (read += n) > limit) {
                    throw new OverLimit(limit);
                }
                return n;
            }
        };
    }

    @Override
    public boolean isRepeatable() {
        return false;
    }

    @Override
    public boolean isStreaming() {
        return true;
    }

    @Override
    public void writeTo(java.io.OutputStream out) throws IOException {
        try (InputStream in = getContent()) {
            in.transferTo(out);
        }
    }
}
