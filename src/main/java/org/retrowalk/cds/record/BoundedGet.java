package org.retrowalk.cds.record;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.api.EncodingEnum;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.impl.client.CloseableHttpClient;
import org.hl7.fhir.r4.model.Resource;

/**
 * One GET of a FHIR server, read under limits: the deadline covers connecting, the headers, the body and its parsing
 * (a timer aborts the request, which closes its connection, when the deadline passes); the body is read up to the
 * page limit, the call's share and the service's bytes in flight, and a body past any of them is cut off where it
 * passes (the connection is closed, the rest is never read). Only then is it parsed, by HAPI, from the bytes read.
 * Nothing here logs: the URL names the patient and the request carries the EHR's token.
 */
final class BoundedGet {

    /** Why a GET gave no resource, and whether it speaks against the server (for its circuit breaker). */
    static final class Failed extends Exception {
        final ReadFailure failure;
        final Blame blame;
        final int status;

        Failed(ReadFailure failure, Blame blame, int status) {
            super(null, null, false, false);
            this.failure = failure;
            this.blame = blame;
            this.status = status;
        }
    }

    /** Whom a failure speaks against: nobody (the answer was fine, just not usable), this patient's chart, or the server. */
    enum Blame {
        NONE,
        PATIENT,
        SERVER
    }

    /** The bytes one call may still read, and the service's bytes in flight, shared by the call's GETs. */
    interface Budget {
        /** Takes n more bytes: null when taken, else why not (TOO_LARGE for the call's share, OVERLOADED for the service's). */
        ReadFailure take(long n);
    }

    private static final int CHUNK = 16 * 1024;

    private final FhirContext fhir;
    private final CloseableHttpClient http;
    private final ScheduledExecutorService timer;
    private final long maxPageBytes;

    BoundedGet(FhirContext fhir, CloseableHttpClient http, ScheduledExecutorService timer, long maxPageBytes) {
        this.fhir = fhir;
        this.http = http;
        this.timer = timer;
        this.maxPageBytes = maxPageBytes;
    }

    /**
     * @param deadline System.nanoTime() by which the resource is read and parsed, or the GET fails with TIMEOUT
     * @return the resource of the expected type
     */
    <T extends Resource> T get(String url, String accessToken, Class<T> type, long deadline, Budget budget) throws Failed {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw new Failed(ReadFailure.TIMEOUT, Blame.NONE, 0);
        }
        HttpGet get = new HttpGet(url);
        get.setHeader("Accept", "application/fhir+json, application/json;q=0.9, application/fhir+xml;q=0.5");
        get.setHeader("Accept-Charset", "utf-8");
        if (accessToken != null && !accessToken.isBlank()) {
            get.setHeader("Authorization", "Bearer " + accessToken);
        }
        AtomicBoolean aborted = new AtomicBoolean();
        ScheduledFuture<?> abort = timer.schedule(() -> {
            aborted.set(true);
            get.abort();
        }, remaining, TimeUnit.NANOSECONDS);
        try (CloseableHttpResponse response = http.execute(get)) {
            int status = response.getStatusLine().getStatusCode();
            HttpEntity entity = response.getEntity();
            if (status < 200 || status >= 300) {
                get.abort(); // an error's body is not read: nothing in it is used
                throw new Failed(failureOf(status), status >= 500 ? Blame.PATIENT : Blame.NONE, status);
            }
            if (entity == null) {
                throw new Failed(ReadFailure.MALFORMED, Blame.PATIENT, status);
            }
            EncodingEnum encoding = encodingOf(response.getFirstHeader("Content-Type"));
            if (encoding == null) {
                get.abort();
                throw new Failed(ReadFailure.MALFORMED, Blame.PATIENT, status);
            }
            if (entity.getContentLength() > maxPageBytes) {
                get.abort(); // refused on its declared length: not a byte of it is read
                throw new Failed(ReadFailure.TOO_LARGE, Blame.NONE, status);
            }
            byte[] body = read(entity.getContent(), get, budget);
            T resource = parse(encoding, body, type);
            if (System.nanoTime() - deadline > 0) {
                throw new Failed(ReadFailure.TIMEOUT, Blame.NONE, status);
            }
            return resource;
        } catch (Failed e) {
            throw e;
        } catch (IOException | IllegalStateException e) {
            if (aborted.get()) {
                // The deadline passed while connecting or reading: that is this call's time, the server may be fine.
                throw new Failed(ReadFailure.TIMEOUT, Blame.PATIENT, 0);
            }
            throw connectionFailure(e);
        } finally {
            abort.cancel(false);
        }
    }

    private byte[] read(InputStream in, HttpGet get, Budget budget) throws IOException, Failed {
        take(budget, CHUNK, get);
        byte[] buffer = new byte[CHUNK];
        int length = 0;
        try (in) {
            while (true) {
                if (length == buffer.length) {
                    if (length >= maxPageBytes) {
                        // one byte more than the limit is the proof the body is over it
                        if (in.read() < 0) {
                            return buffer; // exactly the limit, and full
                        }
                        get.abort();
                        throw new Failed(ReadFailure.TOO_LARGE, Blame.NONE, 200);
                    }
                    int grown = (int) Math.min(maxPageBytes, (long) buffer.length * 2);
                    take(budget, grown - buffer.length, get);
                    buffer = Arrays.copyOf(buffer, grown);
                }
                int n = in.read(buffer, length, buffer.length - length);
                if (n < 0) {
                    return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
                }
                length += n;
            }
        }
    }

    private static void take(Budget budget, long n, HttpGet get) throws Failed {
        ReadFailure refused = budget.take(n);
        if (refused != null) {
            get.abort();
            throw new Failed(refused, Blame.NONE, 200);
        }
    }

    private <T extends Resource> T parse(EncodingEnum encoding, byte[] body, Class<T> type) throws Failed {
        IParser parser = encoding == EncodingEnum.XML ? fhir.newXmlParser() : fhir.newJsonParser();
        try {
            return parser.parseResource(type, new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            // DataFormatException for most; HAPI's parser can throw others on hostile input: all mean "not FHIR".
            throw new Failed(ReadFailure.MALFORMED, Blame.PATIENT, 200);
        } catch (StackOverflowError e) {
            // a deeply nested answer (a Bundle of Bundles...) must not end the thread's work with an Error
            throw new Failed(ReadFailure.MALFORMED, Blame.PATIENT, 200);
        }
    }

    /** FHIR JSON or XML (plain JSON and XML too, as servers send them); anything else is not a FHIR answer. */
    private static EncodingEnum encodingOf(Header contentType) {
        if (contentType == null) {
            return EncodingEnum.JSON; // an answer without a type is tried as JSON: the parser decides
        }
        String type = contentType.getValue().toLowerCase(java.util.Locale.ROOT);
        if (type.contains("json")) {
            return EncodingEnum.JSON;
        }
        if (type.contains("xml")) {
            return EncodingEnum.XML;
        }
        return null;
    }

    private static ReadFailure failureOf(int status) {
        if (status == 401 || status == 403) {
            return ReadFailure.NOT_AUTHORIZED;
        }
        if (status >= 500) {
            return ReadFailure.SERVER_ERROR;
        }
        return ReadFailure.REFUSED; // 404 included: the caller decides what a missing resource means
    }

    private static Failed connectionFailure(Exception e) {
        if (e instanceof SocketTimeoutException || e instanceof ConnectTimeoutException) {
            return new Failed(ReadFailure.TIMEOUT, Blame.PATIENT, 0);
        }
        // refused, no such host, no route, a reset, a connection closed mid-body, a malformed chunk: the server (or what
        // is in front of it) failed
        return new Failed(ReadFailure.UNREACHABLE, Blame.SERVER, 0);
    }
}
