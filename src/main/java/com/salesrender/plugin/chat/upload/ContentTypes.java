package com.salesrender.plugin.chat.upload;

import java.util.Map;
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

    /** Shown in the browser; everything else is offered as a download. */
    private static final Set<String> INLINE = Set.of("image/", "audio/", "video/");

    private ContentTypes() {}

    public static String of(String extension) {
        return BY_EXTENSION.getOrDefault(extension, BYTES);
    }

    public static boolean inline(String contentType) {
        return INLINE.stream().anyMatch(contentType::startsWith);
    }
}
