package com.salesrender.plugin.chat.bench;

import com.salesrender.plugin.chat.testkit.Company;
import com.salesrender.plugin.chat.testkit.FakeCrm;
import com.salesrender.plugin.chat.testkit.Payloads;
import com.salesrender.plugin.chat.testkit.PluginClient;
import jakarta.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The CRM's side: registers companies and sends them messages, with freshly signed RS512 tokens each time; hears the
 * plugin's status requests and incoming messages and keeps, per message id, what it heard ({@link Heard}: when the
 * first status arrived on the driver's clock, each status counted, replies counted). A reply is known by its text,
 * "Reply to {message id}", as the bench's real-gateway sender writes it.
 */
final class Crm implements AutoCloseable {

    private static final String REPLY_TO = "Reply to ";

    /**
     * The statuses of the CRM's API, in the order a message moves through them ({@code error} ends it as read does).
     */
    enum Status {
        SENT,
        DELIVERED,
        READ,
        ERROR;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Status fromWire(String value) {
            for (Status status : values()) {
                if (status.wireName().equals(value)) {
                    return status;
                }
            }
            return null;
        }

        /** Sent 1, delivered 2, read and error 3: a status after one of a higher rank went backwards. */
        int rank() {
            return this == ERROR ? 3 : ordinal() + 1;
        }
    }

    private final FakeCrm crm;
    final Company company = Company.fresh();
    private final Map<String, Heard> heard = new ConcurrentHashMap<>();
    private final AtomicInteger messagesWithStatus = new AtomicInteger();
    private final AtomicLong unverified = new AtomicLong();
    private final AtomicLong strangeIncoming = new AtomicLong();

    /**
     * What the CRM heard about one message: the company of its first request, when its first status arrived
     * ({@link System#nanoTime()}, 0: none yet), how many of each status, how many times a status came after a further
     * one (backwards), and how many replies.
     */
    static final class Heard {
        private final String companyId;
        private volatile long firstStatusAt;
        private final int[] statuses = new int[Status.values().length];
        private int furthest;
        private int backwards;
        /** The first status that came after a further one, and when each had come (ms after the first status). */
        private String firstBackwards;

        private final long[] lastAt = new long[Status.values().length];
        private int replies;
        private int otherCompany;

        private Heard(String companyId) {
            this.companyId = companyId;
        }

        /** Answers whether it is the message's first status. */
        private synchronized boolean status(String companyId, Status status, long at) {
            boolean first = firstStatusAt == 0;
            if (first) {
                firstStatusAt = at;
            }
            statuses[status.ordinal()]++;
            lastAt[status.ordinal()] = at;
            if (status.rank() < furthest) {
                backwards++;
                if (firstBackwards == null) {
                    StringBuilder when = new StringBuilder(status.wireName() + " came after");
                    for (Status other : Status.values()) {
                        if (other.rank() > status.rank() && statuses[other.ordinal()] > 0) {
                            when.append(' ')
                                    .append(other.wireName())
                                    .append(String.format(" (%+.1f ms)", (lastAt[other.ordinal()] - at) / 1e6));
                        }
                    }
                    firstBackwards = when.toString();
                }
            }
            furthest = Math.max(furthest, status.rank());
            otherCompany += companyId.equals(this.companyId) ? 0 : 1;
            return first;
        }

        private synchronized void reply(String companyId) {
            replies++;
            otherCompany += companyId.equals(this.companyId) ? 0 : 1;
        }

        String companyId() {
            return companyId;
        }

        /** {@link System#nanoTime()} when its first status (any) reached the CRM; 0: none yet. */
        long firstStatusAt() {
            return firstStatusAt;
        }

        synchronized int count(Status status) {
            return statuses[status.ordinal()];
        }

        synchronized int backwards() {
            return backwards;
        }

        /** The first status that came after a further one, with when the further ones came; null: none did. */
        synchronized String firstBackwards() {
            return firstBackwards;
        }

        synchronized int replies() {
            return replies;
        }

        /** Requests about it from another company than its first one. */
        synchronized int otherCompany() {
            return otherCompany;
        }

        @Override
        public synchronized String toString() {
            StringBuilder text = new StringBuilder();
            for (Status status : Status.values()) {
                if (statuses[status.ordinal()] > 0) {
                    text.append(status.wireName())
                            .append(" x")
                            .append(statuses[status.ordinal()])
                            .append(", ");
                }
            }
            return text.append(replies).append(" replies").toString();
        }
    }

    Crm() throws IOException {
        crm = new FakeCrm();
        // Nothing here reads the recorded requests; the listener keeps what the figures need.
        crm.keepCallbacks(false);
        crm.listen(this::heard);
    }

    private void heard(FakeCrm.Callback callback, long receivedAtNanos) {
        if (callback.verifiedBy() == null || !callback.claimsOk() || callback.body() == null) {
            unverified.incrementAndGet();
            return;
        }
        String companyId = callback.claims().getString("cid");
        if (callback.isStatus()) {
            Status status = Status.fromWire(callback.status());
            if (status == null) {
                strangeIncoming.incrementAndGet();
                return;
            }
            Heard message = heard.computeIfAbsent(callback.messageId(), id -> new Heard(companyId));
            if (message.status(companyId, status, receivedAtNanos)) {
                messagesWithStatus.incrementAndGet();
            }
        } else if (callback.isIncoming()) {
            String text = callback.text();
            if (text == null || !text.startsWith(REPLY_TO)) {
                strangeIncoming.incrementAndGet();
                return;
            }
            heard.computeIfAbsent(text.substring(REPLY_TO.length()), id -> new Heard(companyId))
                    .reply(companyId);
        }
    }

    /** What the CRM heard about this message; null: nothing yet. */
    Heard heard(String messageId) {
        return heard.get(messageId);
    }

    /** {@link System#nanoTime()} when the first status of this message reached the CRM; 0: none yet. */
    long firstStatusAt(String messageId) {
        Heard message = heard.get(messageId);
        return message == null ? 0 : message.firstStatusAt();
    }

    /** The ids of the messages the CRM heard a status or a reply of. */
    Set<String> heardIds() {
        return Set.copyOf(heard.keySet());
    }

    /** Messages with at least one status. */
    int messagesWithStatus() {
        return messagesWithStatus.get();
    }

    /** Plugin requests whose HS512 signature or claims did not check out. */
    long unverified() {
        return unverified.get();
    }

    /** Statuses the API does not know, incoming messages that are no reply to a message of the bench. */
    long strangeRequests() {
        return strangeIncoming.get();
    }

    /** Options every plugin instance needs to trust this CRM (and to sign its own requests to it). */
    List<String> pluginOptions() {
        return List.of(
                "-Dplugin.self-uri=" + FakeCrm.SELF_URI,
                "-Dplugin.crm.scheme=http",
                "-Dplugin.crm.hostnames=localhost");
    }

    void register(URL plugin) {
        register(plugin, company);
    }

    void register(URL plugin, Company company) {
        PluginClient.Answer answer = new PluginClient(plugin).register(crm, company, "bench-hpt");
        if (answer.status() != 200) {
            throw new IllegalStateException("registration answered " + answer.status() + ": " + answer.body());
        }
    }

    /** Sends one text message; answers the HTTP status, or -1 when the server did not answer at all. */
    int send(PluginClient plugin, String messageId, String contact) {
        return answer(plugin, messageId, contact).status();
    }

    /** The whole answer; status -1 when the server did not answer at all. */
    PluginClient.Answer answer(PluginClient plugin, String messageId, String contact) {
        try {
            return plugin.send(crm, company, Payloads.text(messageId, contact, "Hello from the bench"));
        } catch (IllegalStateException noAnswer) {
            return new PluginClient.Answer(-1, String.valueOf(noAnswer.getCause()));
        }
    }

    /**
     * The body of a send request, signed now (tokens are valid five minutes): signing ahead keeps it out of timings.
     */
    String sendBody(String messageId, String contact) {
        return sendBody(company, messageId, contact);
    }

    /** The same for another company. */
    String sendBody(Company company, String messageId, String contact) {
        return PluginClient.body(
                "request", crm.sendToken(company, Payloads.text(messageId, contact, "Hello from the bench")));
    }

    /** Uploads a file through one instance as the CRM does (multipart part file); answers the URI it got. */
    String upload(URL plugin, String filename, byte[] content) throws Exception {
        String boundary = UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        var answer = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create(plugin.toString()).resolve("/protected/upload/image"))
                                .header(
                                        "X-PLUGIN-TOKEN",
                                        crm.sign(crm.claims(company).build()))
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("upload answered " + answer.statusCode() + ": " + answer.body());
        }
        try (var reader = Json.createReader(new StringReader(answer.body()))) {
            return reader.readObject().getString("uri");
        }
    }

    /** An uploaded file fetched from one instance (its path, on that instance's address). */
    byte[] download(URL plugin, String uri) throws Exception {
        String path = "/" + uri.substring(FakeCrm.SELF_URI.length());
        var answer = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create(plugin.toString()).resolve(path))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        return answer.statusCode() == 200 ? answer.body() : new byte[0];
    }

    @Override
    public void close() {
        crm.close();
    }
}
