package com.salesrender.plugin.chat.registration;

import com.salesrender.plugin.chat.api.PluginJob;
import com.salesrender.plugin.chat.api.PluginJobs;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.api.PluginRegistered;
import com.salesrender.plugin.chat.api.RegisteredReferences;
import com.salesrender.plugin.chat.api.Settings;
import com.salesrender.plugin.chat.api.SettingsSaved;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A plugin's observer of the API's events as the tests deploy it: after each commit it looks for what the event
 * announces, in a transaction of its own and through the API's beans, and records what it found per company. On a
 * registration it also schedules a job, as docs/plugin.md shows (the "test" handler forwards a welcome to the CRM).
 */
@ApplicationScoped
public class EventRecorder {

    private final Map<String, List<String>> seen = new ConcurrentHashMap<>();

    @Inject
    EventsProbe probe;

    @Inject
    RegisteredReferences references;

    @Inject
    Settings settings;

    @Inject
    PluginJobs jobs;

    void registered(@Observes(during = TransactionPhase.AFTER_SUCCESS) PluginRegistered event) {
        PluginReference reference = event.reference();
        record(
                reference,
                "registered stored=" + probe.registrationStored(reference) + " api="
                        + attempt(() -> references.isRegistered(reference)) + " job="
                        + attempt(() -> {
                            jobs.schedule(
                                    new PluginJob(reference, "test", "forward:welcome " + reference.companyId()),
                                    Duration.ZERO);
                            return "scheduled";
                        }));
    }

    void saved(@Observes(during = TransactionPhase.AFTER_SUCCESS) SettingsSaved event) {
        PluginReference reference = event.reference();
        record(
                reference,
                "saved stored=" + probe.storedPrefix(reference) + " api="
                        + attempt(() ->
                                settings.of(reference).getJsonObject("main").getString("prefix")));
    }

    List<String> seen(String company) {
        return List.copyOf(seen.getOrDefault(company, List.of()));
    }

    private void record(PluginReference reference, String what) {
        seen.computeIfAbsent(reference.companyId(), c -> new CopyOnWriteArrayList<>())
                .add(what);
    }

    /** What the call answered, or the exception it threw, by its class name. */
    private static String attempt(Supplier<Object> call) {
        try {
            return String.valueOf(call.get());
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }
}
