package dev.chainlog.core;

import dev.chainlog.api.AppendRequest;
import dev.chainlog.api.Durability;
import dev.chainlog.api.Event;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.InvalidEventException;

/**
 * What every log checks of a request before it is queued, on the caller's thread, whatever the backend: so a
 * refused request never reaches a writer and never takes a seq. (The events' own rules are checked when they are
 * built: {@link Event.Builder}.)
 */
public final class AppendRules {
    private AppendRules() {
    }

    /** @throws InvalidEventException when {@code request} cannot be appended to a log configured as {@code config} */
    public static void check(AppendRequest request, EventLogConfig config) {
        if (request == null) {
            throw new InvalidEventException("request must not be null");
        }
        for (Event e : request.events()) {
            config.checkPayload(e);
        }
        Durability d = request.durability();
        if (d != null && !d.atLeast(config.durability())) {
            throw new InvalidEventException("an append may only strengthen the log's durability (" + config.durability()
                    + "), not weaken it to " + d + ": a weaker write could survive a crash while an earlier one is lost");
        }
    }
}
