package com.salesrender.plugin.chat.testkit;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/** Plain HTTP against the deployed plugin, as the CRM would talk to it. */
public final class PluginClient {

    /** One JSON-P provider, looked up once ({@code jakarta.json.Json} looks it up on every call). */
    private static final JsonProvider JSON = JsonProvider.provider();

    /** HTTP/1.1, as the CRM talks: the JDK's default h2c upgrade would funnel every request into one connection. */
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final URI base;

    public PluginClient(URL base) {
        String uri = base.toString();
        this.base = URI.create(uri.endsWith("/") ? uri : uri + "/");
    }

    public Answer put(String path, String body) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json"));
    }

    public Answer post(String path, String body) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json"));
    }

    public Answer get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    public Answer register(FakeCrm crm, Company company, String hpt) {
        return put("registration", body("registration", crm.registrationToken(company, hpt)));
    }

    public Answer send(FakeCrm crm, Company company, JsonObject payload) {
        return post("special/send", body("request", crm.sendToken(company, payload)));
    }

    /**
     * Any request, as written: {@code path} relative to the plugin's root, {@code body} null for none (sent as JSON
     * unless {@code headers} name a Content-Type). The answer keeps its content type.
     */
    public RawHttp.Reply exchange(String method, String path, Map<String, String> headers, String body) {
        return exchange(method, path, headers, body == null ? null : HttpRequest.BodyPublishers.ofString(body));
    }

    /** As {@link #exchange(String, String, Map, String)}, with the body as bytes or a stream. */
    public RawHttp.Reply exchange(
            String method, String path, Map<String, String> headers, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body);
        if (body != null && !headers.containsKey("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        HttpResponse<String> response = call(request);
        return new RawHttp.Reply(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""),
                response.body());
    }

    public static String body(String name, String token) {
        return JSON.createObjectBuilder().add(name, token).build().toString();
    }

    private Answer send(HttpRequest.Builder request) {
        HttpResponse<String> response = call(request);
        return new Answer(response.statusCode(), response.body());
    }

    private HttpResponse<String> call(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls until {@code condition} holds or the timeout passes; answers whether it held. */
    public static boolean eventually(Duration timeout, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.get()) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.get();
    }

    public record Answer(int status, String body) {

        public JsonStructure json() {
            try (JsonReader reader = JSON.createReader(new StringReader(body))) {
                return reader.read();
            }
        }

        public JsonObject object() {
            return json().asJsonObject();
        }

        public JsonValue value(String name) {
            return object().get(name);
        }
    }
}
