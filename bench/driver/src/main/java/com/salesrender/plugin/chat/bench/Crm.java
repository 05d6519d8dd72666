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
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The CRM's side: registers a company and sends it messages, with freshly signed RS512 tokens each time; hears the
 * plugin's status requests and keeps, per message id, when the first {@code sent} arrived (driver's clock).
 */
final class Crm implements AutoCloseable {

    private final FakeCrm crm;
    final Company company = Company.fresh();
    private final Map<String, Long> firstSent = new ConcurrentHashMap<>();
    private final AtomicLong sentStatuses = new AtomicLong();
    private final AtomicLong otherStatuses = new AtomicLong();
    private final AtomicLong unverified = new AtomicLong();

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
        if (!callback.isStatus()) {
            return;
        }
        if ("sent".equals(callback.status())) {
            sentStatuses.incrementAndGet();
            firstSent.putIfAbsent(callback.messageId(), receivedAtNanos);
        } else {
            otherStatuses.incrementAndGet();
        }
    }

    /** {@link System#nanoTime()} when the first {@code sent} of this message reached the CRM; null: not yet. */
    Long sentAt(String messageId) {
        return firstSent.get(messageId);
    }

    /** The ids of the messages with at least one {@code sent}. */
    Set<String> sentIds() {
        return Set.copyOf(firstSent.keySet());
    }

    /** Messages with at least one {@code sent}. */
    int messagesSent() {
        return firstSent.size();
    }

    /** Status requests {@code sent} received, repeats included. */
    long sentStatuses() {
        return sentStatuses.get();
    }

    /** Status requests other than {@code sent} (error...): the bench's messages should never get one. */
    long otherStatuses() {
        return otherStatuses.get();
    }

    /** Plugin requests whose HS512 signature or claims did not check out. */
    long unverified() {
        return unverified.get();
    }

    /** Options every plugin instance needs to trust this CRM (and to sign its own requests to it). */
    List<String> pluginOptions() {
        return List.of(
                "-Dplugin.self-uri=" + FakeCrm.SELF_URI,
                "-Dplugin.crm.scheme=http",
                "-Dplugin.crm.hostnames=localhost");
    }

    void register(URL plugin) {
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
        var answer = HttpClient.newHttpClient()
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
        var answer = HttpClient.newHttpClient()
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
