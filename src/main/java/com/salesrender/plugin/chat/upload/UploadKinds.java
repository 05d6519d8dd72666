package com.salesrender.plugin.chat.upload;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * The upload kinds this plugin declares, from configuration:
 *
 * <pre>
 * plugin.upload.kinds=default,image,voice          # default is /protected/upload itself
 * plugin.upload.permissions=*=10485760             # every kind: extension=max bytes, * for any
 * plugin.upload.permissions.image=png=5242880,jpg=5242880   # one kind's own
 * plugin.upload.max-size=10485760                  # files the plugin stores itself (Uploads.store)
 * </pre>
 *
 * A wrong value stops the start with a message naming the property.
 */
@ApplicationScoped
public class UploadKinds {

    /** The multipart framing around the file: headers and boundaries, never more than this. */
    public static final long FRAMING_BYTES = 64 * 1024;

    private final Map<String, UploadKind> kinds = new LinkedHashMap<>();

    @Inject
    @ConfigProperties
    UploadOptions options;

    @Inject
    Config config;

    @PostConstruct
    void init() {
        kinds.putAll(read(options, config));
        if (options.maxSize <= 0) {
            throw new IllegalStateException(
                    "Configuration property plugin.upload.max-size must be a positive number of bytes");
        }
    }

    static Map<String, UploadKind> read(UploadOptions options, Config config) {
        Map<String, UploadKind> kinds = new LinkedHashMap<>();
        for (String name : options.kinds.orElse("").split(",")) {
            name = name.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (!name.matches("[a-z0-9_-]{1,64}")) {
                throw new IllegalStateException("Configuration property plugin.upload.kinds: kind " + name
                        + " must be 1 to 64 lower-case letters, digits, - or _");
            }
            String property = "plugin.upload.permissions." + name;
            Optional<String> own = config.getOptionalValue(property, String.class);
            kinds.put(
                    name,
                    new UploadKind(
                            name,
                            own.isPresent()
                                    ? permissions(own.get(), property)
                                    : permissions(options.permissions.orElse(""), "plugin.upload.permissions")));
        }
        return kinds;
    }

    private static Map<String, Long> permissions(String text, String property) {
        Map<String, Long> permissions = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            String[] parts = pair.trim().split("=");
            if (parts.length != 2 || !parts[0].trim().matches("\\*|[A-Za-z0-9]{1,16}")) {
                throw new IllegalStateException("Configuration property " + property
                        + " must be extension=max bytes pairs (* for any extension), e.g. *=10485760");
            }
            try {
                long max = Long.parseLong(parts[1].trim());
                if (max <= 0) {
                    throw new NumberFormatException();
                }
                permissions.put(parts[0].trim(), max);
            } catch (NumberFormatException e) {
                throw new IllegalStateException("Configuration property " + property + ": " + parts[1].trim()
                        + " is not a positive number of bytes");
            }
        }
        return permissions;
    }

    public Optional<UploadKind> find(String name) {
        return Optional.ofNullable(kinds.get(name));
    }

    public Collection<UploadKind> all() {
        return Collections.unmodifiableCollection(kinds.values());
    }

    /** The largest upload body any kind takes: its largest file and the multipart framing around it. */
    public long bodyLimit() {
        return kinds.values().stream().mapToLong(UploadKind::largest).max().orElse(0) + FRAMING_BYTES;
    }
}
