package com.salesrender.plugin.chat.upload;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stream of unknown length read to its end before it is stored, as the container spools a multipart upload: the first
 * {@value #IN_MEMORY_BYTES} bytes in memory, the rest in a temporary file (created readable by this process's user
 * only, deleted on {@link #close()}), so a large file never sits in the heap. Its size is then known for the database,
 * and a file over the cap or an empty one is refused before anything is stored. Reading stops at the first byte past
 * the cap: an endless stream is not read to its end.
 */
final class SpooledContent implements Closeable {

    /** Files up to this size stay in memory. */
    static final int IN_MEMORY_BYTES = 64 * 1024;

    private final byte[] head;
    private final int headLength;
    private final Path rest;
    private final long size;

    private SpooledContent(byte[] head, int headLength, Path rest, long size) {
        this.head = head;
        this.headLength = headLength;
        this.rest = rest;
        this.size = size;
    }

    /**
     * Reads {@code content} to its end, spooling what does not fit in memory to a temporary file in {@code folder}
     * (null: the system's temporary folder).
     *
     * @param capName what the cap is called in the refusal ({@code plugin.upload.max-size})
     * @throws IllegalArgumentException when the stream is empty or longer than {@code cap} bytes
     * @throws UncheckedIOException when the stream or the temporary file fails
     */
    static SpooledContent read(InputStream content, long cap, String capName, Path folder) {
        try {
            byte[] head = new byte[(int) Math.min(IN_MEMORY_BYTES, cap + 1)];
            int headLength = content.readNBytes(head, 0, head.length);
            if (headLength == 0) {
                throw new IllegalArgumentException("The file is empty");
            }
            if (headLength > cap) {
                throw tooLarge(cap, capName);
            }
            if (headLength < head.length) {
                return new SpooledContent(head, headLength, null, headLength);
            }
            Path rest = folder == null
                    ? Files.createTempFile("upload-", ".part")
                    : Files.createTempFile(folder, "upload-", ".part");
            try {
                long size = headLength + copy(content, rest, cap + 1 - headLength);
                if (size > cap) {
                    throw tooLarge(cap, capName);
                }
                return new SpooledContent(head, headLength, rest, size);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(rest);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The file could not be read", e);
        }
    }

    private static IllegalArgumentException tooLarge(long cap, String capName) {
        return new IllegalArgumentException("The file is larger than " + capName + " (" + cap + " bytes)");
    }

    /** Copies at most {@code limit} bytes; answers how many. */
    private static long copy(InputStream content, Path file, long limit) throws IOException {
        byte[] buffer = new byte[8192];
        long copied = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            int read;
            while (copied < limit
                    && (read = content.read(buffer, 0, (int) Math.min(buffer.length, limit - copied))) > 0) {
                out.write(buffer, 0, read);
                copied += read;
            }
        }
        return copied;
    }

    long size() {
        return size;
    }

    /** The bytes read, from the start; each call a new stream. */
    InputStream content() {
        InputStream first = new ByteArrayInputStream(head, 0, headLength);
        if (rest == null) {
            return first;
        }
        try {
            return new SequenceInputStream(first, Files.newInputStream(rest));
        } catch (IOException e) {
            throw new UncheckedIOException("The spooled file could not be read", e);
        }
    }

    /** Whether part of it went to a temporary file. */
    boolean spooled() {
        return rest != null;
    }

    @Override
    public void close() {
        if (rest != null) {
            try {
                Files.deleteIfExists(rest);
            } catch (IOException e) {
                throw new UncheckedIOException("The spooled file could not be deleted", e);
            }
        }
    }
}
