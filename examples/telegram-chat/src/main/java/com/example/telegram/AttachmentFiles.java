package com.example.telegram;

import com.salesrender.plugin.chat.api.Attachment;
import com.salesrender.plugin.chat.api.Undeliverable;
import com.salesrender.plugin.chat.api.UploadedFile;
import com.salesrender.plugin.chat.api.Uploads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The file of a message's attachment, spooled to a temporary file to upload to Telegram: a file the CRM uploaded to
 * this plugin straight from the database ({@link Uploads#open}), any other from its URL with the JDK's HTTP client.
 * Both bounded: at most {@code telegram.attachment.max-size} bytes, and a download takes at most
 * {@code telegram.file.timeout}.
 */
@ApplicationScoped
public class AttachmentFiles {

    /** Answers that will not change when asked again: the message cannot be sent with this attachment. */
    private static final Set<Integer> FINAL_ANSWERS = Set.of(400, 401, 403, 404, 410);

    @Inject
    Uploads uploads;

    @Inject
    @ConfigProperty(name = "telegram.attachment.max-size", defaultValue = "52428800")
    long maxSize;

    @Inject
    @ConfigProperty(name = "telegram.file.timeout", defaultValue = "PT60S")
    Duration timeout;

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    /**
     * The attachment's file; close it when sent.
     *
     * @throws Undeliverable when it can never be fetched: too large, not an http(s) URL, or its server answers that it
     *     is gone or forbidden
     * @throws IOException when fetching it failed this time (worth trying again)
     */
    public SpooledFile fetch(Attachment attachment) throws Undeliverable, IOException, InterruptedException {
        Path target = SpooledFile.newTemporaryFile();
        try {
            SpooledFile file = fetch(attachment, target);
            target = null;
            return file;
        } finally {
            if (target != null) {
                Files.deleteIfExists(target);
            }
        }
    }

    private SpooledFile fetch(Attachment attachment, Path target)
            throws Undeliverable, IOException, InterruptedException {
        Optional<UploadedFile> own = uploads.open(attachment);
        if (own.isPresent()) {
            try (UploadedFile file = own.get()) {
                long size = SpooledFile.copy(file.content(), target, maxSize);
                return spooled(attachment, file.contentType(), target, size);
            }
        }
        String scheme = String.valueOf(attachment.uri().getScheme()).toLowerCase();
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new Undeliverable("attachment " + attachment.name() + ": not an http(s) URL");
        }
        HttpResponse<InputStream> answer = http.send(
                HttpRequest.newBuilder(attachment.uri()).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = answer.body()) {
            int status = answer.statusCode();
            if (FINAL_ANSWERS.contains(status)) {
                throw new Undeliverable("attachment " + attachment.name() + ": its URL answered " + status);
            }
            if (status / 100 != 2) {
                throw new IOException("attachment " + attachment.name() + ": its URL answered " + status);
            }
            if (answer.headers().firstValueAsLong("Content-Length").orElse(0) > maxSize) {
                throw tooLarge(attachment);
            }
            String type = answer.headers().firstValue("Content-Type").orElse(null);
            return spooled(attachment, type, target, SpooledFile.copy(body, target, maxSize));
        }
    }

    private SpooledFile spooled(Attachment attachment, String contentType, Path target, long size)
            throws Undeliverable {
        if (size < 0) {
            throw tooLarge(attachment);
        }
        String type = contentType == null || contentType.isBlank() || contentType.startsWith("application/octet-stream")
                ? SpooledFile.typeOf(attachment.name())
                : contentType.replaceAll("[\r\n]", "");
        return new SpooledFile(attachment.name(), type, target, size);
    }

    private Undeliverable tooLarge(Attachment attachment) {
        return new Undeliverable("attachment " + attachment.name() + " is larger than " + maxSize + " bytes");
    }
}
