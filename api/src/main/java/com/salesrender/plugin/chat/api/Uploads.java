package com.salesrender.plugin.chat.api;

import java.io.InputStream;
import java.net.URI;
import java.util.Optional;

/**
 * Files kept by this plugin, which the CRM fetches from its {@code uploaded/...} URLs. The core provides the bean.
 *
 * <p>A {@link ChatSender} reads an attachment the CRM uploaded straight from the database, without an HTTP call to
 * itself:
 *
 * <pre>
 * &#64;Inject Uploads uploads;
 * ...
 * try (UploadedFile file = uploads.open(attachment).orElse(null)) { ... file.content() ... }
 * </pre>
 *
 * The incoming side stores what a customer sent (a photo, an e-mail attachment) and forwards its URL, which serves the
 * bytes without any of the gateway's credentials:
 *
 * <pre>
 * URI url = uploads.store(reference, "photo.jpg", "image/jpeg", in);
 * incoming.forward(reference, gatewayId, chatWith(new Attachment("photo.jpg", url, AttachmentType.IMAGE)));
 * </pre>
 */
public interface Uploads {

    /** The upload at {@code uri}, when it is one of this plugin's; close it after reading. */
    Optional<UploadedFile> open(URI uri);

    /** The upload an attachment points to, when it is one of this plugin's; close it after reading. */
    default Optional<UploadedFile> open(Attachment attachment) {
        return open(attachment.uri());
    }

    /**
     * Stores a file for a company and gives back the URL the CRM fetches it from: {@code <plugin.self-uri>uploaded/
     * <companyId>/<pluginId>/<random uuid>.<extension>}, like the URI of a file the CRM uploaded, and nothing else (no
     * token, none of the gateway's credentials). It is served and kept like a file the CRM uploaded: the type of its
     * extension ({@code nosniff}, pages and scripts as bytes to download), deleted after
     * {@code plugin.retention.uploads}. At most {@code plugin.upload.max-size} bytes (10 MiB unless configured).
     *
     * <p>The stream is read to its end (a file over the cap: up to the first byte past it), not closed; the first 64
     * KiB are held in memory, the rest in a temporary file until the file is stored. Called inside a transaction (a
     * {@link PluginJobHandler}, a {@code @Transactional} method of the plugin), the file is stored with it and is not
     * there if it rolls back; otherwise it is stored at once. A refused file stores nothing.
     *
     * @param name the file's name as the customer sent it: its extension is kept (lower-cased), the rest replaced
     * @param contentType its type ({@code image/jpeg}), or null: it gives the extension when the name has none (a name
     *     and a type that give none: {@code .bin}, served as {@code application/octet-stream}); the file is served with
     *     the type of its extension
     * @throws IllegalArgumentException when the file is empty or larger than the cap, or the name is null
     * @throws NotRegistered when the plugin reference is not registered
     * @throws java.io.UncheckedIOException when the stream fails
     */
    URI store(PluginReference reference, String name, String contentType, InputStream content);
}
