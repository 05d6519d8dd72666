package com.salesrender.plugin.chat.upload;

import com.salesrender.plugin.chat.api.UploadedFile;
import com.salesrender.plugin.chat.api.Uploads;
import com.salesrender.plugin.chat.platform.SelfAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * The files uploaded to this plugin, found by their {@code uploaded/...} URI or by company, plugin and name: the
 * {@link Uploads} plugin authors inject, and what the upload routes read.
 */
@ApplicationScoped
public class PluginUploads implements Uploads {

    /** What this plugin names its uploads: a random UUID and a lower-case extension. */
    static final Pattern NAME =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.[a-z0-9]{1,16}");

    @Inject
    @ConfigProperties
    SelfAddress self;

    @Inject
    UploadStore store;

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

    // INTEGRATION PLACEHOLDER on branch twoway only: replaced by the real implementation before main.
    @Override
    public URI store(
            com.salesrender.plugin.chat.api.PluginReference reference,
            String name,
            String contentType,
            java.io.InputStream content) {
        throw new UnsupportedOperationException("Uploads.store is not implemented yet");
    }
}
