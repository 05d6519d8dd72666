package com.salesrender.plugin.chat.api;

import java.net.URI;
import java.util.Optional;

/**
 * Files uploaded to this plugin, for a {@link ChatSender}: an attachment whose URI is one of this plugin's
 * {@code uploaded/...} URIs is read straight from the database, without an HTTP call to itself. The core provides the
 * bean:
 *
 * <pre>
 * &#64;Inject Uploads uploads;
 * ...
 * try (UploadedFile file = uploads.open(attachment).orElse(null)) { ... file.content() ... }
 * </pre>
 */
public interface Uploads {

    /** The upload at {@code uri}, when it is one of this plugin's; close it after reading. */
    Optional<UploadedFile> open(URI uri);

    /** The upload an attachment points to, when it is one of this plugin's; close it after reading. */
    default Optional<UploadedFile> open(Attachment attachment) {
        return open(attachment.uri());
    }
}
