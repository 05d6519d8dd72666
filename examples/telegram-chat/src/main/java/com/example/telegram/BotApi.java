package com.example.telegram;

import com.salesrender.plugin.chat.api.RetryLater;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The few Bot API methods this plugin uses, over the JDK's HTTP client: JSON calls ({@code getMe}, {@code setWebhook},
 * {@code sendMessage}, {@code getFile}), file uploads as {@code multipart/form-data} ({@code sendPhoto},
 * {@code sendVoice}, {@code sendDocument}) and file downloads. The base URL is {@code telegram.api.url}.
 *
 * <p>Every URL holds the bot token ({@code /bot<token>/method}, {@code /file/bot<token>/path}), so no URL and no
 * message of the HTTP client's leaves this class as it is: failures are {@link Unreachable} with the token cut out,
 * which is what ends up in logs and in a message's history.
 */
@ApplicationScoped
public class BotApi {

    /** What {@code getFile} paths look like ({@code photos/file_12.jpg}); anything else is not fetched. */
    private static final Pattern FILE_PATH =
            Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*");

    /** How long to wait after a 429 that names no time. */
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);

    private final SecureRandom random = new SecureRandom();

    @Inject
    @ConfigProperty(name = "telegram.api.url", defaultValue = "https://api.telegram.org")
    String apiUrl;

    @Inject
    @ConfigProperty(name = "telegram.api.timeout", defaultValue = "PT30S")
    Duration callTimeout;

    @Inject
    @ConfigProperty(name = "telegram.file.timeout", defaultValue = "PT60S")
    Duration fileTimeout;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    /**
     * The Bot API's answer: {@code ok} with its {@code result}, or the {@code error_code} and {@code description} of a
     * refusal, and for a 429 the {@code retry_after} it asks for (null otherwise).
     */
    public record Answer(boolean ok, int errorCode, String description, JsonValue result, Duration retryAfter) {

        public JsonObject resultObject() {
            return result instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT;
        }

        /** The refusal as a reason to record: {@code 403 Forbidden: bot was blocked by the user}. */
        public String reason() {
            return errorCode + " " + description;
        }

        /**
         * Nothing when it is ok; a refusal as a job needs it otherwise: a 429 is a wait of its {@code retry_after}, any
         * other a failure (the job is tried again later).
         */
        public void requireOk(String method) throws RetryLater {
            if (ok) {
                return;
            }
            if (errorCode == 429) {
                throw new RetryLater(retryAfter == null ? DEFAULT_WAIT : retryAfter, method + ": " + reason());
            }
            throw new IllegalStateException("Telegram refused " + method + ": " + reason());
        }
    }

    /** Telegram could not be asked, or did not answer as the Bot API does: worth trying again later. */
    public static class Unreachable extends IOException {
        public Unreachable(String message) {
            super(message);
        }
    }

    /** A file larger than the cap given to {@link #download}. */
    public static class TooLarge extends IOException {
        public TooLarge(String message) {
            super(message);
        }
    }

    /** A method called with JSON parameters, within {@code telegram.api.timeout}. */
    public Answer call(String token, String method, JsonObject parameters) throws Unreachable, InterruptedException {
        return call(token, method, parameters, callTimeout);
    }

    /** A method called with JSON parameters, within {@code timeout}. */
    public Answer call(String token, String method, JsonObject parameters, Duration timeout)
            throws Unreachable, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(methodUri(token, method))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(parameters.toString()))
                .build();
        return answer(token, method, request);
    }

    /**
     * A method that uploads a file: {@code fields} as form fields, the file's bytes in the part {@code fileField},
     * within {@code telegram.file.timeout}.
     */
    public Answer upload(String token, String method, Map<String, String> fields, String fileField, SpooledFile file)
            throws Unreachable, InterruptedException {
        String boundary = "telegram-chat-" + HexFormat.of().formatHex(randomBytes());
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        fields.forEach((name, value) -> write(
                head,
                "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value
                        + "\r\n"));
        write(
                head,
                "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\""
                        + quoted(file.name()) + "\"\r\nContent-Type: " + file.contentType() + "\r\n\r\n");
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.concat(
                    HttpRequest.BodyPublishers.ofByteArray(head.toByteArray()),
                    HttpRequest.BodyPublishers.ofFile(file.path()),
                    HttpRequest.BodyPublishers.ofByteArray(tail));
        } catch (IOException e) {
            throw new Unreachable(
                    method + ": the file to upload is gone: " + e.getClass().getSimpleName());
        }
        HttpRequest request = HttpRequest.newBuilder(methodUri(token, method))
                .timeout(fileTimeout)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(body)
                .build();
        return answer(token, method, request);
    }

    /**
     * Downloads a file {@code getFile} named into {@code target}, within {@code telegram.file.timeout}.
     *
     * @throws TooLarge when it has more than {@code maxBytes} bytes (the download stops at the first byte past them)
     * @throws Unreachable when it could not be fetched
     */
    public void download(String token, String filePath, Path target, long maxBytes)
            throws IOException, InterruptedException {
        if (!FILE_PATH.matcher(filePath).matches() || filePath.contains("..")) {
            throw new Unreachable("Telegram named an unusable file path");
        }
        URI uri = URI.create(base() + "file/bot" + token + "/" + filePath);
        HttpResponse<InputStream> response;
        try {
            response = http.send(
                    HttpRequest.newBuilder(uri).timeout(fileTimeout).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unreachable("file " + filePath, token, e);
        }
        try (InputStream in = response.body();
                OutputStream out = Files.newOutputStream(target)) {
            if (response.statusCode() != 200) {
                throw new Unreachable("file " + filePath + ": Telegram answered " + response.statusCode());
            }
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw new TooLarge("file " + filePath + " has more than " + maxBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
        } catch (TooLarge | Unreachable e) {
            throw e;
        } catch (IOException e) {
            throw unreachable("file " + filePath, token, e);
        }
    }

    private Answer answer(String token, String method, HttpRequest request) throws Unreachable, InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw unreachable(method, token, e);
        }
        JsonObject json;
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            json = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            // A proxy's error page, a load balancer's 502: not the Bot API speaking.
            throw new Unreachable(
                    method + ": Telegram answered " + response.statusCode() + " without a Bot API answer");
        }
        boolean ok = json.getBoolean("ok", false);
        int errorCode = json.get("error_code") instanceof JsonNumber code ? code.intValue() : response.statusCode();
        String description = redact(json.getString("description", ""), token);
        Duration retryAfter = null;
        if (json.get("parameters") instanceof JsonObject parameters
                && parameters.get("retry_after") instanceof JsonNumber seconds) {
            retryAfter = Duration.ofSeconds(Math.max(1, seconds.longValue()));
        }
        return new Answer(ok, ok ? 0 : errorCode, description, json.getOrDefault("result", JsonValue.NULL), retryAfter);
    }

    private URI methodUri(String token, String method) {
        return URI.create(base() + "bot" + token + "/" + method);
    }

    private String base() {
        String base = apiUrl.trim();
        return base.endsWith("/") ? base : base + "/";
    }

    /** The failure without the token: the HTTP client's messages may name the URL. */
    private static Unreachable unreachable(String what, String token, IOException e) {
        String message = e.getMessage() == null ? "" : ": " + redact(e.getMessage(), token);
        return new Unreachable(what + ": " + e.getClass().getSimpleName() + message);
    }

    static String redact(String text, String token) {
        return token == null || token.isEmpty() ? text : text.replace(token, "<bot token>");
    }

    /** A file name inside a quoted header parameter: no quote, backslash or line break. */
    private static String quoted(String name) {
        return name.replaceAll("[\"\\\\\r\n]", "_");
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return bytes;
    }
}
