package com.salesrender.plugin.chat.job;

import com.salesrender.plugin.chat.api.Chat;
import com.salesrender.plugin.chat.api.IncomingChats;
import com.salesrender.plugin.chat.api.Message;
import com.salesrender.plugin.chat.api.MessageContent;
import com.salesrender.plugin.chat.api.MessageFormat;
import com.salesrender.plugin.chat.api.PluginJob;
import com.salesrender.plugin.chat.api.PluginJobHandler;
import com.salesrender.plugin.chat.api.RetryLater;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plugin's job handler as the tests deploy it (type "test"). Its data steers it: "forward:X" forwards an incoming
 * message with text X; "flaky:X" forwards X, then throws on its first two runs (what it forwarded must not reach the
 * CRM then); "fail:X" always throws; "wait:X" answers {@link RetryLater} on its first run, then forwards X.
 */
@ApplicationScoped
public class TestJobHandler implements PluginJobHandler {

    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

    @Inject
    IncomingChats incoming;

    @Override
    public String type() {
        return "test";
    }

    @Override
    public void run(PluginJob job) throws Exception {
        String[] order = job.data().split(":", 2);
        int run = runs.computeIfAbsent(job.data(), d -> new AtomicInteger()).incrementAndGet();
        switch (order[0]) {
            case "forward" -> forward(job, order[1]);
            case "flaky" -> {
                forward(job, order[1]);
                if (run <= 2) {
                    throw new IllegalStateException("flaky run " + run);
                }
            }
            case "fail" -> throw new IllegalStateException("always failing");
            case "wait" -> {
                if (run == 1) {
                    throw new RetryLater(Duration.ofMillis(500), "not now");
                }
                forward(job, order[1]);
            }
            default -> throw new IllegalArgumentException(job.data());
        }
    }

    int runs(String data) {
        AtomicInteger count = runs.get(data);
        return count == null ? 0 : count.get();
    }

    private void forward(PluginJob job, String text) {
        incoming.forward(
                job.reference(),
                new Chat(
                        null,
                        "+15550300",
                        null,
                        new Message(null, new MessageContent(text, MessageFormat.TEXT), List.of())));
    }
}
