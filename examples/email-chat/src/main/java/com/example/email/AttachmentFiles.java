package com.example.email;

import com.salesrender.plugin.chat.api.Attachment;
import com.salesrender.plugin.chat.api.UploadedFile;
import com.salesrender.plugin.chat.api.Undeliverable;
import com.salesrender.plugin.chat.api.Uploads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLConnection;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The bytes of a message's attachments, to put in its mail: a file the CRM uploaded to this plugin straight from the
 * database ({@link Uploads#open}), any other from its URL with the JDK's HTTP client. Both bounded: a file larger than
 * {@code email.attachment.max-size} is refused, and a download takes at most {@code email.attachment.timeout}.
 */
@ApplicationScoped
public class AttachmentFiles {

    /** Answers that will not change when asked again: the message cannot be sent with this attachment. */
    private static final Set<Integer> FINAL_ANSWERS = Set.of(400, 401, 403, 404, 410);

    @Inject
    Uploads uploads;

    @Inject
    @ConfigProperty(name = "email.attachment.max-size", defaultValue = "10485760")
    long maxSize;

    @Inject
    @ConfigProperty(name = "email.attachment.timeout", defaultValue = "PT30S")
    Duration timeout;

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    /** A file to attach: its name, content type and bytes. */
    public record File(String name, String contentType, byte[] bytes) {}

    /**
     * The attachment's file.
     *
     * @throws Undeliverable when it can never be fetched: too large, not http(s), or its server answers that it is gone
     *     or forbidden
     * @throws IOException when fetching it failed this time (worth trying again)
     */
    public File fetch(Attachment attachment) throws Undeliverable, IOException, InterruptedException {
        Optional<UploadedFile> own = uploads.open(attachment);
        if (own.isPresent()) {
            try (UploadedFile file = own.get()) {
                return new File(attachment.name(), file.contentType(), read(attachment, file.content()));
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
            String type = answer.headers()
                    .firstValue("Content-Type")
                    .orElseGet(() -> typeOf(attachment.name()));
            return new File(attachment.name(), type, read(attachment, body));
        }
    }

    /** At most {@code maxSize} bytes: the download stops at the first byte over it. */
    private byte[] read(Attachment attachment, InputStream in) throws IOException, Undeliverable {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxSize + 1));
        if (bytes.length > maxSize) {
            throw tooLarge(attachment);
        }
        return bytes;
    }

    private Undeliverable tooLarge(Attachment attachment) {
        return new Undeliverable("attachment " + attachment.name() + " is larger than " + maxSize + " bytes");
    }

    static String typeOf(String name) {
        String type = URLConnection.guessContentTypeFromName(name);
        return type == null ? "application/octet-stream" : type;
    }
}
