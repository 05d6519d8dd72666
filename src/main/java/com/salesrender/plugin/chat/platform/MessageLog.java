package com.salesrender.plugin.chat.platform;

import com.salesrender.plugin.chat.api.PluginReference;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Log lines about one message. The line's text names the message as before; the record also carries its company, plugin
 * alias, plugin id and message id as a map parameter, which Payara's JSON log formatter writes as fields of the line
 * ({@code companyId}, {@code pluginAlias}, {@code pluginId}, {@code messageId}), so a log search finds every line of a
 * message or a company without parsing the text. The text formatter ignores the map.
 */
public final class MessageLog {

    private MessageLog() {}

    public static void warning(Logger log, PluginReference reference, String messageId, Supplier<String> text) {
        log(log, Level.WARNING, reference, messageId, text, null);
    }

    public static void severe(
            Logger log, PluginReference reference, String messageId, Supplier<String> text, Throwable thrown) {
        log(log, Level.SEVERE, reference, messageId, text, thrown);
    }

    public static void fine(Logger log, PluginReference reference, String messageId, Supplier<String> text) {
        log(log, Level.FINE, reference, messageId, text, null);
    }

    public static void log(
            Logger log,
            Level level,
            PluginReference reference,
            String messageId,
            Supplier<String> text,
            Throwable thrown) {
        if (!log.isLoggable(level)) {
            return;
        }
        // Payara's formatters run MessageFormat on a text holding "{0" (a gateway's error, say), which would
        // rewrite it: such a brace is set apart first.
        LogRecord record = new LogRecord(level, text.get().replace("{0", "{ 0"));
        record.setLoggerName(log.getName());
        StackWalker.getInstance()
                .walk(frames -> frames.filter(frame -> !frame.getClassName().equals(MessageLog.class.getName()))
                        .findFirst())
                .ifPresent(caller -> {
                    record.setSourceClassName(caller.getClassName());
                    record.setSourceMethodName(caller.getMethodName());
                });
        record.setParameters(new Object[] {fields(reference, messageId)});
        record.setThrown(thrown);
        log.log(record);
    }

    /** The fields a JSON line carries; a part not known is left out rather than written empty. */
    static Map<String, String> fields(PluginReference reference, String messageId) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (reference != null) {
            fields.put("companyId", reference.companyId());
            fields.put("pluginAlias", reference.alias());
            fields.put("pluginId", reference.id());
        }
        if (messageId != null) {
            fields.put("messageId", messageId);
        }
        return fields;
    }
}
