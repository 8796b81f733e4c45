package org.retrowalk.cds.platform;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.retrowalk.cds.config.RetrowalkConfig;

/**
 * retrowalk.log.json=true: the console log becomes one JSON object per line (JsonLogFormatter,
 * with the MDC, so requestId and serviceId are fields), from the end of start-up on.
 */
@ApplicationScoped
public class JsonLogs {

    void install(@Observes @Priority(1) StartupEvent event, RetrowalkConfig config) {
        if (config.log().json()) {
            consoleHandlers().forEach(h -> h.setFormatter(new JsonLogFormatter()));
        }
    }

    /** The console handlers under the root logger, however Quarkus has wrapped them. */
    static List<Handler> consoleHandlers() {
        List<Handler> found = new ArrayList<>();
        for (Handler handler : LogContext.getLogContext().getLogger("").getHandlers()) {
            collect(handler, found);
        }
        return found;
    }

    private static void collect(Handler handler, List<Handler> found) {
        if (handler instanceof ConsoleHandler) {
            found.add(handler);
        }
        if (handler instanceof ExtHandler ext) {
            for (Handler child : ext.getHandlers()) {
                collect(child, found);
            }
        }
    }
}
