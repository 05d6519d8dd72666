package com.salesrender.plugin.chat.upload;

import jakarta.enterprise.context.Dependent;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The {@code plugin.upload.*} options; their defaults are in {@code META-INF/microprofile-config.properties} only. A
 * kind's own permissions ({@code plugin.upload.permissions.<kind>}) are named by the kinds, so {@link UploadKinds}
 * reads those itself.
 */
@ConfigProperties(prefix = "plugin.upload")
@Dependent
public class UploadOptions {

    /** The kinds, comma-separated; empty: no upload routes. */
    Optional<String> kinds;

    /** Every kind's permissions, unless it has its own: extension=max bytes pairs, * for any extension. */
    Optional<String> permissions;

    /** The largest file a plugin stores itself ({@code Uploads.store}), in bytes. */
    @ConfigProperty(name = "max-size")
    long maxSize;
}
