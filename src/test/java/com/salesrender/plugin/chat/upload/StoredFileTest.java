package com.salesrender.plugin.chat.upload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a file a plugin stores (Uploads.store) is read and named: spooled with bounded memory, capped, never empty. */
class StoredFileTest {

    private static final long CAP = 200_000;

    @TempDir
    Path spool;

    @Test
    void aSmallFileStaysInMemory() throws IOException {
        byte[] bytes = random(1000);
        try (SpooledContent file = SpooledContent.read(new ByteArrayInputStream(bytes), CAP, "cap", spool)) {
            assertFalse(file.spooled());
            assertEquals(1000, file.size());
            assertArrayEquals(bytes, file.content().readAllBytes());
        }
        assertEquals(0, files());
    }

    @Test
    void aLargerFileGoesToATemporaryFileOnlyItsOwnerReadsAndIsDeletedOnClose() throws IOException {
        byte[] bytes = random(SpooledContent.IN_MEMORY_BYTES * 2 + 17);
        try (SpooledContent file = SpooledContent.read(new ByteArrayInputStream(bytes), CAP, "cap", spool)) {
            assertTrue(file.spooled());
            assertEquals(bytes.length, file.size());
            assertArrayEquals(bytes, file.content().readAllBytes());
            assertArrayEquals(bytes, file.content().readAllBytes(), "read again from the start");
            assertEquals(1, files());
            try (var listed = Files.list(spool)) {
                Path part = listed.findFirst().orElseThrow();
                assertEquals(
                        Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                        Files.getPosixFilePermissions(part));
            }
        }
        assertEquals(0, files(), "deleted on close");
    }

    @Test
    void exactlyTheCapIsTakenAndOneByteMoreIsRefusedWithNothingLeft() {
        try (SpooledContent file = SpooledContent.read(new Counted(CAP), CAP, "plugin.upload.max-size", spool)) {
            assertEquals(CAP, file.size());
        }
        IllegalArgumentException over = assertThrows(
                IllegalArgumentException.class,
                () -> SpooledContent.read(new Counted(CAP + 1), CAP, "plugin.upload.max-size", spool));
        assertEquals("The file is larger than plugin.upload.max-size (200000 bytes)", over.getMessage());
        assertEquals(0, files(), "the temporary file went with the refusal");
    }

    @Test
    void anEndlessStreamIsReadOnlyToTheFirstBytePastTheCap() {
        Counted endless = new Counted(-1);
        assertThrows(IllegalArgumentException.class, () -> SpooledContent.read(endless, CAP, "cap", spool));
        assertEquals(CAP + 1, endless.read.get());
        Counted small = new Counted(-1);
        assertThrows(IllegalArgumentException.class, () -> SpooledContent.read(small, 10, "cap", spool));
        assertEquals(11, small.read.get(), "a cap below the memory part: still one byte past it");
        assertEquals(0, files());
    }

    @Test
    void anEmptyStreamIsRefused() {
        IllegalArgumentException empty = assertThrows(
                IllegalArgumentException.class,
                () -> SpooledContent.read(new ByteArrayInputStream(new byte[0]), CAP, "cap", spool));
        assertEquals("The file is empty", empty.getMessage());
    }

    @Test
    void aFailingStreamIsAnUncheckedIoExceptionAndLeavesNoFile() {
        InputStream failing = new InputStream() {
            private int given;

            @Override
            public int read() throws IOException {
                if (given++ > SpooledContent.IN_MEMORY_BYTES + 10) {
                    throw new IOException("connection reset");
                }
                return 1;
            }
        };
        assertThrows(UncheckedIOException.class, () -> SpooledContent.read(failing, CAP, "cap", spool));
        assertEquals(0, files());
    }

    @Test
    void theExtensionComesFromTheNameElseTheTypeElseItIsBin() {
        assertEquals("jpg", PluginUploads.extension("Photo.JPG", "image/png"), "the name's wins");
        assertEquals("png", PluginUploads.extension("../../etc/x.png", null));
        assertEquals("ogg", PluginUploads.extension("voice", "audio/ogg; codecs=opus"));
        assertEquals("jpg", PluginUploads.extension("", "IMAGE/JPEG"));
        assertEquals("pdf", PluginUploads.extension("report.final version", "application/pdf"));
        assertEquals("bin", PluginUploads.extension("noext", null));
        assertEquals("bin", PluginUploads.extension("noext", "text/html"));
        assertEquals("html", PluginUploads.extension("page.html", "text/html"));
        assertEquals("application/octet-stream", ContentTypes.of("html"), "served as bytes");
    }

    private long files() {
        try (var listed = Files.list(spool)) {
            return listed.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(3).nextBytes(bytes);
        return bytes;
    }

    /** {@code size} bytes (-1: without end), counting what was read. */
    private static final class Counted extends InputStream {
        private final long size;
        final AtomicLong read = new AtomicLong();

        Counted(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            if (size >= 0 && read.get() >= size) {
                return -1;
            }
            read.incrementAndGet();
            return 7;
        }
    }
}
