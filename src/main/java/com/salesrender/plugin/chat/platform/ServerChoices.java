package com.salesrender.plugin.chat.platform;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The two choices the runnable jar's command files make from configuration when the server starts: {@code plugin.db}
 * names the pool behind {@code jdbc/chatPlugin}, {@code plugin.broker} is OpenMQ's broker type. A value outside them
 * would leave the pool unnamed or, for OpenMQ, mean a remote broker without saying so; the start ends naming the value.
 */
final class ServerChoices {

    static final List<String> DATABASES = List.of("h2", "postgresql");
    static final List<String> BROKERS = List.of("EMBEDDED", "REMOTE");

    private ServerChoices() {}

    /** The reason the start must end, if a choice is set to something else. */
    static Optional<String> refusal(Function<String, Optional<String>> configured) {
        return refusal(configured, "plugin.db", DATABASES).or(() -> refusal(configured, "plugin.broker", BROKERS));
    }

    private static Optional<String> refusal(
            Function<String, Optional<String>> configured, String property, List<String> allowed) {
        return configured
                .apply(property)
                .filter(value -> !allowed.contains(value))
                .map(value -> property + " is '" + value + "'; it must be one of " + String.join(", ", allowed));
    }
}
