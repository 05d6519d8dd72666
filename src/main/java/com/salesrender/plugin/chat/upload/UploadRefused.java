package com.salesrender.plugin.chat.upload;

import com.salesrender.plugin.chat.platform.ApiError;
import com.salesrender.plugin.chat.platform.ErrorBody;
import jakarta.ejb.ApplicationException;
import jakarta.json.JsonObject;

/**
 * A file its upload kind does not take. The reference's answer names the kind's permissions, so that the CRM can tell
 * the user what is allowed: {@code {"code", "message", "permissions": {"*": 10485760}}}.
 */
@ApplicationException(rollback = true)
public class UploadRefused extends ApiError {

    private final transient UploadKind kind;

    private UploadRefused(int status, String message, UploadKind kind) {
        super(status, message);
        this.kind = kind;
    }

    static UploadRefused withoutExtension(UploadKind kind) {
        return new UploadRefused(403, "Files without extension can not be uploaded", kind);
    }

    static UploadRefused extensionNotAllowed(String extension, UploadKind kind) {
        return new UploadRefused(415, "Files with *." + extension + " can not be uploaded", kind);
    }

    static UploadRefused tooBig(UploadKind kind) {
        return new UploadRefused(413, "Files too big and can not be uploaded", kind);
    }

    JsonObject body() {
        return ErrorBody.builder(status(), getMessage())
                .add("permissions", kind.permissionsJson())
                .build();
    }
}
