package com.salesrender.plugin.chat.api;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * An uploaded file read from the database: its stored name ({@code <uuid>.<ext>}), content type, size in bytes, and its
 * bytes as a stream. Close it (try-with-resources): the stream holds a database connection.
 */
public record UploadedFile(String name, String contentType, long size, long createdAt, InputStream content)
        implements Closeable {

    @Override
    public void close() throws IOException {
        content.close();
    }
}
