package com.salesrender.plugin.chat.testkit;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
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
     * Saves a company's settings as the CRM's settings page does: {@code PUT /protected/data/settings} with
     * {@code {group: {field: value}}} and a token allowed to change settings. 200 with the saved data (passwords
     * masked), or 400 with {@code {group: {field: [errors]}}} and nothing saved.
     */
    public Answer saveSettings(FakeCrm crm, Company company, JsonObject settings) {
        return send(HttpRequest.newBuilder(base.resolve("protected/data/settings"))
                .PUT(HttpRequest.BodyPublishers.ofString(settings.toString()))
                .header("Content-Type", "application/json")
                .header("X-PLUGIN-TOKEN", crm.settingsToken(company)));
    }

    /**
     * A company's saved settings as the CRM reads them ({@code GET /protected/data/settings}; {@code []} before any
     * save).
     */
    public Answer settings(FakeCrm crm, Company company) {
        return send(HttpRequest.newBuilder(base.resolve("protected/data/settings"))
                .GET()
                .header("X-PLUGIN-TOKEN", crm.settingsToken(company)));
    }

    /**
     * Uploads a file as the CRM does (an operator's attachment): {@code POST /protected/upload[/kind]} with a CRM
     * user's token and a multipart part {@code file}. 200 {@code {"uri": "<self URI>uploaded/..."}} (read it back with
     * {@link #download}), or the refusal.
     *
     * @param kind the upload kind, or null for the route without one
     */
    public Answer upload(FakeCrm crm, Company company, String kind, String fileName, byte[] content) {
        String boundary = UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(base.resolve(kind == null ? "protected/upload" : "protected/upload/" + kind))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("X-PLUGIN-TOKEN", crm.userToken(company)));
    }

    /**
     * Fetches a file the plugin serves at a URI it handed out (an upload's {@code uri}, an incoming attachment's): a
     * URI under the plugin's self URI ({@link FakeCrm#SELF_URI} in tests) is fetched from this client's server, as the
     * CRM would fetch it from the public address.
     */
    public Download download(URI uri) {
        String text = uri.toString();
        URI target = text.startsWith(FakeCrm.SELF_URI) ? base.resolve(text.substring(FakeCrm.SELF_URI.length())) : uri;
        try {
            HttpResponse<byte[]> response = http.send(
                    HttpRequest.newBuilder(target)
                            .GET()
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Download(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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

    /** A file as the plugin served it: status, content type and bytes. */
    public record Download(int status, String contentType, byte[] body) {}

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
