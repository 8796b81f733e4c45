package org.retrowalk.cds.platform;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import org.jboss.logmanager.ExtFormatter;
import org.jboss.logmanager.ExtLogRecord;

/**
 * One JSON object per log line: timestamp, level, logger, thread, message, the MDC (requestId, serviceId)
 * and the stack trace of an exception. Our own, with Jackson, because JBoss LogManager's JsonFormatter needs
 * JSON-P on the boot class path of the packaged application, where it is not.
 */
final class JsonLogFormatter extends ExtFormatter {

    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public String format(ExtLogRecord record) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("timestamp", Instant.ofEpochMilli(record.getMillis()).toString());
            json.writeStringField("level", record.getLevel().getName());
            json.writeStringField("loggerName", record.getLoggerName());
            json.writeStringField("threadName", record.getThreadName());
            json.writeStringField("message", formatMessage(record));
            json.writeObjectFieldStart("mdc");
            for (Map.Entry<String, String> entry : record.getMdcCopy().entrySet()) {
                json.writeStringField(entry.getKey(), entry.getValue());
            }
            json.writeEndObject();
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                json.writeStringField("exception", trace.toString());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out + System.lineSeparator();
    }
}
