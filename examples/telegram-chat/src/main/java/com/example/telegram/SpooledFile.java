package com.example.telegram;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file on its way between Telegram and the CRM, kept in a temporary file (readable by the server's user only) rather
 * than in memory: its name, content type and size. Closing it deletes the temporary file.
 */
public record SpooledFile(String name, String contentType, Path path, long size) implements AutoCloseable {

    /** A new empty temporary file to fill; delete it if the filling fails. */
    public static Path newTemporaryFile() throws IOException {
        return Files.createTempFile("telegram-chat-", ".part");
    }

    /**
     * Copies at most {@code maxBytes} bytes of {@code in} into {@code target}.
     *
     * @return the bytes copied, or -1 when the stream had more than {@code maxBytes} (it is read to the first byte
     *     past)
     */
    public static long copy(InputStream in, Path target, long maxBytes) throws IOException {
        try (OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > maxBytes) {
                    return -1;
                }
                out.write(buffer, 0, n);
            }
            return total;
        }
    }

    /** The content type a file name suggests; {@code application/octet-stream} when it suggests none. */
    public static String typeOf(String name) {
        String type = URLConnection.guessContentTypeFromName(name);
        return type == null ? "application/octet-stream" : type;
    }

    /** The bytes, for a file small enough to hold (tests, the content of a short message). */
    public InputStream open() throws IOException {
        return Files.newInputStream(path);
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
