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
     * Stores a file for a company and gives back the URL the CRM fetches it from. It is served and kept like a file the
     * CRM uploaded (the same size cap, {@code plugin.upload.max-size}, and the same retention). The stream is read to
     * its end, not closed. Called inside a transaction, the file is stored with it.
     *
     * @param name the file's name as the customer sent it (its extension is kept, the rest replaced)
     * @param contentType its type ({@code image/jpeg}), or null to derive it from the name
     * @throws IllegalArgumentException when the file is larger than the cap, or empty
     * @throws NotRegistered when the plugin reference is not registered
     * @throws java.io.UncheckedIOException when the stream fails
     */
    URI store(PluginReference reference, String name, String contentType, InputStream content);
}
