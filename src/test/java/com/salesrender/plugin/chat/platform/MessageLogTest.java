package com.salesrender.plugin.chat.platform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.api.PluginReference;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class MessageLogTest {

    private static final PluginReference REFERENCE = new PluginReference("1001", "acme", "7");

    @Test
    void aLineCarriesTheCompanyThePluginAndTheMessageAsOneMapParameter() {
        LogRecords log = new LogRecords("message-log-fields");
        MessageLog.warning(log.logger, REFERENCE, "m-1", () -> "Message m-1 given up");

        LogRecord record = log.records.get(0);
        assertEquals(Level.WARNING, record.getLevel());
        assertEquals("Message m-1 given up", record.getMessage());
        assertArrayEquals(
                new Object[] {Map.of("companyId", "1001", "pluginAlias", "acme", "pluginId", "7", "messageId", "m-1")},
                record.getParameters());
        // The caller, not MessageLog, is the line's source.
        assertEquals(MessageLogTest.class.getName(), record.getSourceClassName());
    }

    @Test
    void anUnknownPartIsLeftOutRatherThanWrittenEmpty() {
        assertEquals(Map.of("messageId", "m-2"), MessageLog.fields(null, "m-2"));
        assertEquals(
                Map.of("companyId", "1001", "pluginAlias", "acme", "pluginId", "7"),
                MessageLog.fields(REFERENCE, null));
    }

    @Test
    void aTextThatMessageFormatWouldRewriteIsSetApart() {
        LogRecords log = new LogRecords("message-log-braces");
        MessageLog.severe(log.logger, REFERENCE, "m-3", () -> "Gateway said {0} and {\"a\":1}", null);

        String text = log.records.get(0).getMessage();
        assertFalse(text.contains("{0"), text);
        assertTrue(text.contains("{\"a\":1}"), "other braces are kept: " + text);
    }

    @Test
    void aLevelThatIsOffBuildsNoText() {
        LogRecords log = new LogRecords("message-log-off");
        log.logger.setLevel(Level.INFO);
        AtomicBoolean built = new AtomicBoolean();
        MessageLog.fine(log.logger, REFERENCE, "m-4", () -> {
            built.set(true);
            return "routine";
        });
        assertFalse(built.get());
        assertTrue(log.records.isEmpty());
    }
}
