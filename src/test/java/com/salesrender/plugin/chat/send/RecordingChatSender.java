package com.salesrender.plugin.chat.send;

import com.salesrender.plugin.chat.api.ChatSender;
import com.salesrender.plugin.chat.api.OutgoingChat;
import com.salesrender.plugin.chat.api.RetryLater;
import com.salesrender.plugin.chat.api.Undeliverable;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The gateway of the integration tests, deployed in the test WAR the way a plugin author replaces the shipped sender.
 * It records every call; texts steer it: "fail-always" always throws, "fail-twice" throws on the first two attempts,
 * "gateway-down" throws until the test ends the outage, "slow" takes 300 ms, "outlasts-lease" 9 s, "fail-three-calls"
 * throws on the first three calls of the message (whatever its attempt), "fail-then-wait" throws once, then answers
 * {@link RetryLater} for 12 s after that first call, then takes the message, "undeliverable" answers after 1 s with
 * {@link Undeliverable} (at every call), "locked-at-outcome" has the message's row locked for 5 s by another
 * transaction before it answers (at its first call), "together-{anything}" answers once {@value #TOGETHER} calls with
 * that same text are running (at most 10 s), so that their outcomes are written at the same moment. It also keeps, per
 * company, the most calls it ever had running at once.
 */
@ApplicationScoped
@Alternative
@Priority(ChatSender.PRIORITY)
public class RecordingChatSender implements ChatSender {

    private final Map<String, List<JsonObject>> calls = new ConcurrentHashMap<>();
    private final AtomicLong order = new AtomicLong();

    /** While true, texts with "gateway-down" fail: an outage the tests end by switching it off. */
    private volatile boolean gatewayDown = true;

    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();

    /** Calls with a "together-" text answer in groups of this many. */
    static final int TOGETHER = 4;

    private final Map<String, CyclicBarrier> together = new ConcurrentHashMap<>();
    private final Map<String, Integer> peaks = new ConcurrentHashMap<>();

    @Override
    public void send(OutgoingChat chat) throws Exception {
        String company = chat.reference().companyId();
        int now = running.computeIfAbsent(company, c -> new AtomicInteger()).incrementAndGet();
        peaks.merge(company, now, Math::max);
        try {
            record(chat);
        } finally {
            running.get(company).decrementAndGet();
        }
    }

    private void record(OutgoingChat chat) throws Exception {
        String text = chat.chat().message().content() == null
                ? ""
                : chat.chat().message().content().text();
        List<JsonObject> earlier = calls(chat.reference().companyId(), chat.messageId());
        boolean fails = text.contains("fail-always")
                || (text.contains("fail-twice") && chat.attempt() <= 2)
                || (text.contains("gateway-down") && gatewayDown)
                || (text.contains("fail-three-calls") && earlier.size() < 3)
                || (text.contains("fail-then-wait") && earlier.isEmpty());
        boolean never = text.contains("undeliverable");
        boolean waits = text.contains("fail-then-wait")
                && !earlier.isEmpty()
                && System.currentTimeMillis()
                                - earlier.get(0).getJsonNumber("at").longValue()
                        < 12_000;
        JsonArrayBuilder attachments = Json.createArrayBuilder();
        chat.chat()
                .message()
                .attachments()
                .forEach(a -> attachments.add(a.type().wireName() + " " + a.name() + " " + a.uri()));
        calls.computeIfAbsent(key(chat.reference().companyId(), chat.messageId()), k -> new CopyOnWriteArrayList<>())
                .add(Json.createObjectBuilder()
                        .add("order", order.incrementAndGet())
                        .add("at", System.currentTimeMillis())
                        .add("attempt", chat.attempt())
                        .add("reference", chat.reference().toString())
                        .add("contact", chat.chat().contact())
                        .add("chatId", String.valueOf(chat.chat().id()))
                        .add("subject", String.valueOf(chat.chat().subject()))
                        .add("text", text)
                        .add(
                                "format",
                                chat.chat().message().content() == null
                                        ? "none"
                                        : chat.chat()
                                                .message()
                                                .content()
                                                .format()
                                                .wireName())
                        .add("attachments", attachments)
                        .add("failed", fails || never)
                        .add("inTransaction", inTransaction())
                        .build());
        if (text.contains("locked-at-outcome") && earlier.isEmpty()) {
            // Another transaction holds the message's row for 5 s from now: its outcome meets the lock.
            CDI.current().select(TestProbe.class).get().lockFor(chat.reference(), chat.messageId(), 5_000);
        }
        if (text.contains("slow")) {
            Thread.sleep(300);
        }
        if (text.contains("outlasts-lease")) {
            Thread.sleep(9_000); // plugin.task.lease is 5 s in the tests
        }
        if (fails) {
            throw new IllegalStateException("gateway refused attempt " + chat.attempt());
        }
        if (never) {
            Thread.sleep(1_000); // long enough for a test to store the chat's next message meanwhile
            throw new Undeliverable("550 5.1.1 mailbox unknown");
        }
        if (waits) {
            throw new RetryLater(Duration.ofMillis(500), "gateway busy");
        }
        if (text.startsWith("together-")) {
            try {
                together.computeIfAbsent(text, t -> new CyclicBarrier(TOGETHER)).await(10, TimeUnit.SECONDS);
            } catch (BrokenBarrierException | TimeoutException e) {
                // fewer came: answer all the same
            }
        }
        if (text.contains("rate-limited")
                && calls(chat.reference().companyId(), chat.messageId()).size() == 1) {
            throw new RetryLater(Duration.ofMillis(700), "429 Too Many Requests");
        }
    }

    /** Whether the call runs inside a transaction (the contract says it never does). */
    private static boolean inTransaction() {
        try {
            TransactionSynchronizationRegistry registry =
                    InitialContext.doLookup("java:comp/TransactionSynchronizationRegistry");
            return registry.getTransactionStatus() != Status.STATUS_NO_TRANSACTION;
        } catch (NamingException e) {
            throw new IllegalStateException(e);
        }
    }

    int peak(String companyId) {
        return peaks.getOrDefault(companyId, 0);
    }

    void gatewayDown(boolean down) {
        gatewayDown = down;
    }

    List<JsonObject> calls(String companyId, String messageId) {
        return calls.getOrDefault(key(companyId, messageId), List.of());
    }

    private static String key(String companyId, String messageId) {
        return companyId + "|" + messageId;
    }
}
