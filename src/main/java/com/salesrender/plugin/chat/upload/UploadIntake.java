package com.salesrender.plugin.chat.upload;

import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.platform.ApiError;
import com.salesrender.plugin.chat.platform.SelfAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Takes an uploaded file the upload route parsed: checks it against its kind's permissions, stores it and answers the
 * URI it is served at. Refusals are {@link UploadRefused} (naming the permissions) or {@link ApiError}s.
 */
@ApplicationScoped
public class UploadIntake {

    private static final Logger LOG = Logger.getLogger(UploadIntake.class.getName());

    @Inject
    UploadStore store;

    @Inject
    @ConfigProperties
    SelfAddress self;

    /** Stores the file the client named {@code submittedName}, {@code size} bytes read from {@code content}. */
    public String accept(PluginReference owner, UploadKind kind, String submittedName, long size, InputStream content) {
        String extension = extension(submittedName);
        if (extension.isEmpty()) {
            throw UploadRefused.withoutExtension(kind);
        }
        OptionalLong limit = extension.matches("[a-z0-9]{1,16}") ? kind.limitFor(extension) : OptionalLong.empty();
        if (limit.isEmpty()) {
            throw UploadRefused.extensionNotAllowed(extension, kind);
        }
        if (size > limit.getAsLong()) {
            throw UploadRefused.tooBig(kind);
        }
        if (size == 0) {
            throw ApiError.invalid("The file is empty");
        }
        String name = UUID.randomUUID() + "." + extension;
        try {
            store.store(
                    owner, kind.name(), name, ContentTypes.of(extension), size, content, System.currentTimeMillis());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Upload of " + owner + " not stored", e);
            throw ApiError.internal("The file could not be stored");
        }
        return PluginUploads.uri(self.uri(), owner.companyId(), owner.id(), name);
    }

    /** The lower-case extension of the client's file name (after the last dot of its last path segment). */
    static String extension(String submitted) {
        String base = submitted.substring(Math.max(submitted.lastIndexOf('/'), submitted.lastIndexOf('\\')) + 1);
        int dot = base.lastIndexOf('.');
        return dot < 0 ? "" : base.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
