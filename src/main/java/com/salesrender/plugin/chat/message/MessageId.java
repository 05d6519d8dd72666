package com.salesrender.plugin.chat.message;

/**
 * The rule for a CRM message id wherever one comes in (a chat payload, a gateway status, the admin API): not blank, at
 * most {@value #MAX_LENGTH} characters (the stored columns) and no NUL (PostgreSQL refuses it).
 */
public final class MessageId {

    public static final int MAX_LENGTH = 255;

    private MessageId() {}

    /** Whether {@code id} is a message id. */
    public static boolean valid(String id) {
        return id != null && !id.isBlank() && storable(id);
    }

    /** Whether {@code id} could be stored, blank or not: the length and NUL part of the rule. */
    public static boolean storable(String id) {
        return id.length() <= MAX_LENGTH && id.indexOf('\u0000') < 0;
    }
}
