package com.salesrender.plugin.chat.bench;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.Config;

/**
 * Which bench sender serves a company: {@code bench.sender} for every company ({@code one-status}, the default:
 * {@code sent} only; or {@code real}: {@code sent}, then {@code delivered}, {@code read} and a reply for one message in
 * three, see {@link GatewayReceipts}), {@code bench.sender.<company id>} for one company. One benchmark run serves some
 * companies with each, so both are measured on one warm server.
 */
@ApplicationScoped
public class SenderChoice {

    static final String PROPERTY = "bench.sender";

    enum Sender {
        ONE_STATUS("one-status"),
        REAL("real");

        final String wireName;

        Sender(String wireName) {
            this.wireName = wireName;
        }

        static Sender of(String property, String value) {
            for (Sender sender : values()) {
                if (sender.wireName.equals(value)) {
                    return sender;
                }
            }
            throw new IllegalArgumentException(property + " must be one-status or real, not \"" + value + "\"");
        }
    }

    @Inject
    Config config;

    private final Map<String, Sender> byCompany = new ConcurrentHashMap<>();

    /** A misspelt choice stops the deployment, rather than measuring the other sender unnoticed. */
    void check(@Observes @Initialized(ApplicationScoped.class) Object start) {
        fallback();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(PROPERTY + ".")) {
                Sender.of(name, config.getValue(name, String.class));
            }
        }
    }

    Sender of(String companyId) {
        return byCompany.computeIfAbsent(
                companyId,
                id -> config.getOptionalValue(PROPERTY + "." + id, String.class)
                        .map(value -> Sender.of(PROPERTY + "." + id, value))
                        .orElseGet(this::fallback));
    }

    private Sender fallback() {
        return Sender.of(
                PROPERTY, config.getOptionalValue(PROPERTY, String.class).orElse("one-status"));
    }
}
