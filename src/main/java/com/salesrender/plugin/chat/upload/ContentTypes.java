package com.salesrender.plugin.chat.upload;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The content type of an upload, from its extension only (never from what the client claimed). Types a browser would
 * run (HTML, SVG, XML, scripts) are not in the list: they are served as bytes to download.
 */
public final class ContentTypes {

    public static final String BYTES = "application/octet-stream";

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("bmp", "image/bmp"),
            Map.entry("ogg", "audio/ogg"),
            Map.entry("oga", "audio/ogg"),
            Map.entry("opus", "audio/ogg"),
            Map.entry("mp3", "audio/mpeg"),
            Map.entry("wav", "audio/wav"),
            Map.entry("m4a", "audio/mp4"),
            Map.entry("aac", "audio/aac"),
            Map.entry("weba", "audio/webm"),
            Map.entry("mp4", "video/mp4"),
            Map.entry("webm", "video/webm"),
            Map.entry("mov", "video/quicktime"),
            Map.entry("pdf", "application/pdf"),
            Map.entry("zip", "application/zip"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("csv", "text/csv; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("doc", "application/msword"),
            Map.entry("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            Map.entry("xls", "application/vnd.ms-excel"),
            Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));

    /**
     * The extension a file of a content type gets when its name has none (the first extension of the type above, or its
     * usual one); the type is then served from that extension again.
     */
    private static final Map<String, String> EXTENSION_BY_TYPE = Map.ofEntries(
            Map.entry("image/png", "png"),
            Map.entry("image/jpeg", "jpg"),
            Map.entry("image/jpg", "jpg"),
            Map.entry("image/gif", "gif"),
            Map.entry("image/webp", "webp"),
            Map.entry("image/bmp", "bmp"),
            Map.entry("audio/ogg", "ogg"),
            Map.entry("audio/opus", "opus"),
            Map.entry("audio/mpeg", "mp3"),
            Map.entry("audio/mp3", "mp3"),
            Map.entry("audio/wav", "wav"),
            Map.entry("audio/x-wav", "wav"),
            Map.entry("audio/mp4", "m4a"),
            Map.entry("audio/aac", "aac"),
            Map.entry("audio/webm", "weba"),
            Map.entry("video/mp4", "mp4"),
            Map.entry("video/webm", "webm"),
            Map.entry("video/quicktime", "mov"),
            Map.entry("application/pdf", "pdf"),
            Map.entry("application/zip", "zip"),
            Map.entry("text/plain", "txt"),
            Map.entry("text/csv", "csv"),
            Map.entry("application/json", "json"),
            Map.entry("application/msword", "doc"),
            Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
            Map.entry("application/vnd.ms-excel", "xls"),
            Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"));

    /** Shown in the browser; everything else is offered as a download. */
    private static final Set<String> INLINE = Set.of("image/", "audio/", "video/");

    private ContentTypes() {}

    public static String of(String extension) {
        return BY_EXTENSION.getOrDefault(extension, BYTES);
    }

    /**
     * The extension for a content type ({@code image/jpeg; q=1} gives {@code jpg}), empty for a type not in the list
     * (and for null).
     */
    public static Optional<String> extensionOf(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        int parameters = contentType.indexOf(';');
        String type = (parameters < 0 ? contentType : contentType.substring(0, parameters))
                .trim()
                .toLowerCase(Locale.ROOT);
        return Optional.ofNullable(EXTENSION_BY_TYPE.get(type));
    }

    public static boolean inline(String contentType) {
        return INLINE.stream().anyMatch(contentType::startsWith);
    }
}
