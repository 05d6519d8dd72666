package com.salesrender.plugin.chat.form;

import com.salesrender.plugin.chat.api.FieldErrors;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.api.SettingsCheck;
import com.salesrender.plugin.chat.api.SettingsSaved;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A plugin's settings check as the tests deploy it, playing a gateway by the prefix it is given: {@code refused} (field
 * errors on two fields), {@code throws}, {@code slow} (answers only when interrupted), {@code hold:<key>} (waits until
 * the test releases the key, then passes, or refuses when the key says {@code refuse}); anything else passes. It
 * records per company what it was given and whether a transaction was around it; it also counts the
 * {@link SettingsSaved} events seen after their commit.
 */
@ApplicationScoped
public class GatewayCheck implements SettingsCheck {

    private final Map<String, List<JsonValue>> seen = new ConcurrentHashMap<>();
    private final Map<String, List<JsonValue>> saved = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();
    private final Map<String, Boolean> waiting = new ConcurrentHashMap<>();

    @Resource
    TransactionSynchronizationRegistry transactions;

    @Override
    public FieldErrors check(PluginReference reference, JsonObject settings) {
        String prefix = settings.getJsonObject("main").getString("prefix");
        boolean inTransaction = transactions.getTransactionStatus() != Status.STATUS_NO_TRANSACTION;
        record(
                seen,
                reference,
                Json.createObjectBuilder()
                        .add("settings", settings)
                        .add("transaction", inTransaction)
                        .build());
        if (prefix.equals("refused")) {
            return FieldErrors.none()
                    .add("main", "prefix", "The gateway refused this prefix")
                    .add("auth", "token", "The gateway does not know this token");
        }
        if (prefix.equals("throws")) {
            throw new IllegalStateException("the gateway is down");
        }
        if (prefix.equals("slow")) {
            try {
                new CountDownLatch(1).await(2, TimeUnit.MINUTES);
                record(seen, reference, Json.createValue("slow check ended without interruption"));
            } catch (InterruptedException e) {
                record(seen, reference, Json.createValue("slow check interrupted"));
            }
            return FieldErrors.none();
        }
        if (prefix.startsWith("hold:")) {
            waiting.put(prefix, true);
            try {
                if (!hold(prefix).await(2, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("never released: " + prefix);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while held: " + prefix);
            } finally {
                waiting.remove(prefix);
            }
            if (prefix.contains("refuse")) {
                return FieldErrors.none().add("main", "prefix", "The gateway refused " + prefix);
            }
        }
        return FieldErrors.none();
    }

    void saved(@Observes(during = TransactionPhase.AFTER_SUCCESS) SettingsSaved event) {
        record(saved, event.reference(), JsonValue.TRUE);
    }

    List<JsonValue> seen(String company) {
        return List.copyOf(seen.getOrDefault(company, List.of()));
    }

    int savedEvents(String company) {
        return saved.getOrDefault(company, List.of()).size();
    }

    boolean waiting(String key) {
        return waiting.containsKey(key);
    }

    /** Lets every check holding on {@code key} go on, now and later (a second round of the same save included). */
    void release(String key) {
        hold(key).countDown();
    }

    private CountDownLatch hold(String key) {
        return holds.computeIfAbsent(key, k -> new CountDownLatch(1));
    }

    private static void record(Map<String, List<JsonValue>> log, PluginReference reference, JsonValue what) {
        log.computeIfAbsent(reference.companyId(), c -> new CopyOnWriteArrayList<>())
                .add(what);
    }
}
