package com.salesrender.plugin.chat.api;

import java.util.Objects;

/**
 * Work a plugin does later, stored until it has run (see {@link PluginJobs}): its {@code type} names the
 * {@link PluginJobHandler} that runs it, {@code data} is the plugin's own (JSON, an id...), {@code messageId} the CRM
 * message it is about, or null (with one, the job shows in that message's history on the admin page).
 */
public record PluginJob(PluginReference reference, String type, String data, String messageId) {

    /** The longest type accepted. */
    public static final int MAX_TYPE = 64;
    /** The longest data accepted, in characters. */
    public static final int MAX_DATA = 1_000_000;
    /** The longest message id accepted (the CRM's ids are far shorter). */
    public static final int MAX_MESSAGE_ID = 255;

    public PluginJob {
        Objects.requireNonNull(reference, "reference");
        if (type == null
                || type.isBlank()
                || type.length() > MAX_TYPE
                || type.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(
                    "A job type is 1 to " + MAX_TYPE + " characters, none of them a control character");
        }
        data = data == null ? "" : data;
        if (data.length() > MAX_DATA || data.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException("Job data is at most " + MAX_DATA + " characters, without NUL");
        }
        if (messageId != null
                && (messageId.isBlank()
                        || messageId.length() > MAX_MESSAGE_ID
                        || messageId.chars().anyMatch(Character::isISOControl))) {
            throw new IllegalArgumentException(
                    "A job's message id is 1 to " + MAX_MESSAGE_ID + " characters, none of them a control character");
        }
    }

    /** A job about no particular message. */
    public PluginJob(PluginReference reference, String type, String data) {
        this(reference, type, data, null);
    }
}
