package com.salesrender.plugin.chat.work;

import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.api.ReferenceWorker;
import com.salesrender.plugin.chat.api.Settings;
import com.salesrender.plugin.chat.api.WorkLease;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plugin's background worker as the tests deploy it, steered by the company's saved echo prefix
 * ({@code main.prefix}): "poll..." returns at once; "watch..." waits until the lease is no longer held; "slow..." too,
 * then takes 3 more seconds to return (several ticks); "throw..." throws; "off..." is not run at all
 * ({@link #runsFor}). Every run is recorded with the prefix it saw, its times and its lease, and the most runs at once
 * per company are counted.
 */
@ApplicationScoped
public class TestWorker implements ReferenceWorker {

    /** The pause between two runs. */
    static final Duration PAUSE = Duration.ofMillis(300);

    @Inject
    Settings settings;

    private final Map<String, List<Run>> runs = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> atOnce = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> mostAtOnce = new ConcurrentHashMap<>();

    /** One run: the prefix it saw, when it started and ended (0 while it runs), its lease, whether it threw. */
    static final class Run {
        final String prefix;
        final long startedAt = System.currentTimeMillis();
        final int lease;
        volatile long endedAt;
        volatile boolean threw;

        Run(String prefix, int lease) {
            this.prefix = prefix;
            this.lease = lease;
        }
    }

    @Override
    public String name() {
        return "test-worker";
    }

    @Override
    public boolean runsFor(JsonObject settings) {
        return !prefix(settings).startsWith("off");
    }

    @Override
    public Duration pause() {
        return PAUSE;
    }

    @Override
    public void run(PluginReference reference, WorkLease lease) throws Exception {
        String company = reference.companyId();
        int now = atOnce.computeIfAbsent(company, c -> new AtomicInteger()).incrementAndGet();
        mostAtOnce.computeIfAbsent(company, c -> new AtomicInteger()).accumulateAndGet(now, Math::max);
        String prefix = prefix(settings.of(reference));
        Run run = new Run(prefix, System.identityHashCode(lease));
        runs.computeIfAbsent(company, c -> new CopyOnWriteArrayList<>()).add(run);
        try {
            if (prefix.startsWith("throw")) {
                run.threw = true;
                throw new IllegalStateException("the test worker fails on purpose");
            }
            if (prefix.startsWith("watch") || prefix.startsWith("slow")) {
                while (lease.await(Duration.ofMinutes(1))) {
                    // held: keep watching
                }
                if (prefix.startsWith("slow")) {
                    Thread.sleep(3000);
                }
            }
        } finally {
            run.endedAt = System.currentTimeMillis();
            atOnce.get(company).decrementAndGet();
        }
    }

    List<Run> runs(String company) {
        return runs.getOrDefault(company, List.of());
    }

    int mostAtOnce(String company) {
        AtomicInteger most = mostAtOnce.get(company);
        return most == null ? 0 : most.get();
    }

    private static String prefix(JsonObject settings) {
        JsonObject main = settings.getJsonObject("main");
        return main == null ? "" : main.getString("prefix", "");
    }
}
