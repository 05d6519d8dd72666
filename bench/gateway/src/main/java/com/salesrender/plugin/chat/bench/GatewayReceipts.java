package com.salesrender.plugin.chat.bench;

import com.salesrender.plugin.chat.api.Chat;
import com.salesrender.plugin.chat.api.IncomingChats;
import com.salesrender.plugin.chat.api.Message;
import com.salesrender.plugin.chat.api.MessageContent;
import com.salesrender.plugin.chat.api.MessageFormat;
import com.salesrender.plugin.chat.api.MessageStatus;
import com.salesrender.plugin.chat.api.MessageStatuses;
import com.salesrender.plugin.chat.api.OutgoingChat;
import com.salesrender.plugin.chat.api.PluginReference;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What a real gateway tells about a message it took, later: {@code delivered} {@value #DELIVERED_AFTER_MS} ms after it
 * answered, {@code read} after {@value #READ_AFTER_MS} ms, and for one message in three ({@link #repliedTo}) the
 * customer's reply after {@value #REPLY_AFTER_MS} ms, each through the plugin API as a gateway's webhook would report
 * it.
 *
 * <p>The timing is the gateway's; the transport is not: a real plugin hears these from webhooks (a request each) or
 * polls for them in stored jobs, both of which survive a restart. Here they wait in memory, on a few threads of their
 * own (the message-driven bean is free at once), and a crash loses them: the benchmark never crashes its server, and
 * its books count every status and reply that should have reached the CRM.
 */
@ApplicationScoped
public class GatewayReceipts {

    static final long DELIVERED_AFTER_MS = 200;
    static final long READ_AFTER_MS = 1000;
    static final long REPLY_AFTER_MS = 1500;

    private static final Logger LOG = Logger.getLogger(GatewayReceipts.class.getName());

    /** How many receipts may be reported at once: a gateway's webhooks arrive on several connections. */
    @Inject
    @ConfigProperty(name = "bench.receipt-threads", defaultValue = "8")
    int threadCount;

    @Inject
    MessageStatuses statuses;

    @Inject
    IncomingChats incoming;

    @Resource
    ManagedThreadFactory threads;

    private ScheduledThreadPoolExecutor timer;

    @PostConstruct
    void start() {
        if (threadCount < 1) {
            throw new IllegalArgumentException("bench.receipt-threads must be at least 1, not " + threadCount);
        }
        timer = new ScheduledThreadPoolExecutor(threadCount, threads);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    /** Whether the customer answers this message: the driver applies the same rule to check the replies. */
    static boolean repliedTo(String messageId) {
        return Math.floorMod(messageId.hashCode(), 3) == 0;
    }

    /** Schedules the message's later statuses and, for one in three, its reply; returns at once. */
    void expect(OutgoingChat chat) {
        PluginReference reference = chat.reference();
        String messageId = chat.messageId();
        later(DELIVERED_AFTER_MS, messageId, () -> statuses.report(reference, messageId, MessageStatus.DELIVERED));
        later(READ_AFTER_MS, messageId, () -> statuses.report(reference, messageId, MessageStatus.READ));
        if (repliedTo(messageId)) {
            Chat reply = new Chat(
                    null,
                    chat.chat().contact(),
                    chat.chat().subject(),
                    new Message(null, new MessageContent("Reply to " + messageId, MessageFormat.TEXT), List.of()));
            // The gateway's id of the reply: a gateway that told it twice gets it to the CRM once.
            later(REPLY_AFTER_MS, messageId, () -> incoming.forward(reference, "reply-" + messageId, reply));
        }
    }

    private void later(long delayMs, String messageId, Runnable receipt) {
        timer.schedule(
                () -> {
                    try {
                        receipt.run();
                    } catch (RuntimeException e) {
                        // As a webhook answered 500 to a gateway that does not retry: the CRM misses it, the books
                        // say so.
                        LOG.log(Level.WARNING, "Receipt of " + messageId + " not reported", e);
                    }
                },
                delayMs,
                TimeUnit.MILLISECONDS);
    }
}
