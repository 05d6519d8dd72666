package com.salesrender.plugin.chat.upload;

import com.salesrender.plugin.chat.api.NotRegistered;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.api.UploadedFile;
import com.salesrender.plugin.chat.api.Uploads;
import com.salesrender.plugin.chat.platform.SelfAddress;
import com.salesrender.plugin.chat.registration.Registrations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * The files uploaded to this plugin, found by their {@code uploaded/...} URI or by company, plugin and name, and those
 * the plugin stores itself: the {@link Uploads} plugin authors inject, and what the upload routes read.
 */
@ApplicationScoped
public class PluginUploads implements Uploads {

    /** What this plugin names its uploads: a random UUID and a lower-case extension. */
    static final Pattern NAME =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.[a-z0-9]{1,16}");

    @Inject
    @ConfigProperties
    SelfAddress self;

    /** A file whose name and content type give no known extension is stored as bytes. */
    static final String UNKNOWN_EXTENSION = "bin";

    @Inject
    UploadStore store;

    @Inject
    @ConfigProperties
    UploadOptions options;

    @Inject
    Registrations registrations;

    @Override
    public Optional<UploadedFile> open(URI uri) {
        String prefix = self.uri() + "uploaded/";
        String text = uri == null ? "" : uri.toString();
        if (!text.startsWith(prefix) || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return Optional.empty();
        }
        String[] parts = text.substring(prefix.length()).split("/", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        return open(decode(parts[0]), decode(parts[1]), parts[2]);
    }

    Optional<UploadedFile> open(String companyId, String pluginId, String name) {
        if (companyId == null || pluginId == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return store.open(companyId, pluginId, name);
    }

    /** Where an upload is served: {@code <self URI>uploaded/<companyId>/<pluginId>/<name>}. */
    static String uri(String selfUri, String companyId, String pluginId, String name) {
        return selfUri + "uploaded/" + encode(companyId) + "/" + encode(pluginId) + "/" + name;
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Stores the file as an upload of the company, served and kept like the CRM's uploads: a random name with the
     * extension of the customer's (or, when it has none, of the content type), the content type of that extension. The
     * bytes are spooled first (memory, then a temporary file), so a refused file stores nothing. Inside a transaction
     * the row is written on its connection, and commits or rolls back with it ({@link UploadStore}).
     */
    @Override
    public URI store(PluginReference reference, String name, String contentType, InputStream content) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(content, "content");
        if (name == null) {
            throw new IllegalArgumentException("A stored file needs its name (its extension is kept)");
        }
        if (!registrations.isRegistered(reference)) {
            throw new NotRegistered(reference);
        }
        String extension = extension(name, contentType);
        String stored = UUID.randomUUID() + "." + extension;
        try (SpooledContent file = SpooledContent.read(content, options.maxSize, "plugin.upload.max-size", null);
                InputStream bytes = file.content()) {
            store.store(
                    reference,
                    UploadKind.STORED,
                    stored,
                    ContentTypes.of(extension),
                    file.size(),
                    bytes,
                    System.currentTimeMillis());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return URI.create(uri(self.uri(), reference.companyId(), reference.id(), stored));
    }

    /** The extension of the name when it has one an upload may have, else the content type's, else {@code bin}. */
    static String extension(String name, String contentType) {
        String fromName = UploadIntake.extension(name);
        if (fromName.matches("[a-z0-9]{1,16}")) {
            return fromName;
        }
        return ContentTypes.extensionOf(contentType).orElse(UNKNOWN_EXTENSION);
    }
}
