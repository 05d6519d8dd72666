package com.salesrender.plugin.chat.upload;

import com.salesrender.plugin.chat.platform.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A kind of upload ({@code default}, {@code image}, {@code voice}...) and its permissions: the lower-case file
 * extensions it takes, each with its largest size in bytes; {@code *} stands for any other extension.
 */
public record UploadKind(String name, Map<String, Long> permissions) {

    /** The kind served at {@code /protected/upload} itself. */
    public static final String DEFAULT = "default";

    public static final String ANY = "*";

    /**
     * What the rows of the files a plugin stores itself ({@code Uploads.store}) name as their kind: no configured kind
     * can be called so.
     */
    public static final String STORED = "(plugin)";

    public UploadKind {
        Map<String, Long> lower = new LinkedHashMap<>();
        permissions.forEach((ext, max) -> lower.put(ext.toLowerCase(Locale.ROOT), max));
        permissions = Collections.unmodifiableMap(lower);
    }

    /** The largest size allowed for files with this (lower-case) extension; empty when it is not allowed. */
    public OptionalLong limitFor(String extension) {
        Long max = permissions.containsKey(extension) ? permissions.get(extension) : permissions.get(ANY);
        return max == null ? OptionalLong.empty() : OptionalLong.of(max);
    }

    public long largest() {
        return permissions.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** As the error answers show them: {@code {"*": 10485760}}. */
    public JsonObject permissionsJson() {
        JsonObjectBuilder json = Json.createObjectBuilder();
        permissions.forEach(json::add);
        return json.build();
    }
}
