package com.salesrender.plugin.chat.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.salesrender.plugin.chat.api.PluginJob;
import com.salesrender.plugin.chat.api.PluginReference;
import org.junit.jupiter.api.Test;

/** What a job may hold: checked when it is made, before anything is stored. */
class PluginJobTest {

    private static final PluginReference REFERENCE = new PluginReference("1", "chat", "7");

    @Test
    void aJobHoldsItsTypeDataAndMessage() {
        PluginJob job = new PluginJob(REFERENCE, "delivery-check", "{\"id\":1}", "m-1");
        assertEquals("delivery-check", job.type());
        assertEquals("{\"id\":1}", job.data());
        assertEquals("m-1", job.messageId());
        assertEquals("", new PluginJob(REFERENCE, "t", null).data(), "no data is empty data");
        assertNull(new PluginJob(REFERENCE, "t", "x").messageId());
    }

    @Test
    void badJobsAreRefused() {
        assertThrows(NullPointerException.class, () -> new PluginJob(null, "t", "x"));
        assertThrows(IllegalArgumentException.class, () -> new PluginJob(REFERENCE, null, "x"));
        assertThrows(IllegalArgumentException.class, () -> new PluginJob(REFERENCE, " ", "x"));
        assertThrows(
                IllegalArgumentException.class,
                () -> new PluginJob(REFERENCE, "t".repeat(PluginJob.MAX_TYPE + 1), "x"));
        assertThrows(IllegalArgumentException.class, () -> new PluginJob(REFERENCE, "a\nb", "x"));
        assertThrows(IllegalArgumentException.class, () -> new PluginJob(REFERENCE, "t", "nul\u0000"));
        assertThrows(
                IllegalArgumentException.class,
                () -> new PluginJob(REFERENCE, "t", "x".repeat(PluginJob.MAX_DATA + 1)));
        assertThrows(IllegalArgumentException.class, () -> new PluginJob(REFERENCE, "t", "x", ""));
        assertThrows(
                IllegalArgumentException.class,
                () -> new PluginJob(REFERENCE, "t", "x", "m".repeat(PluginJob.MAX_MESSAGE_ID + 1)));
    }
}
