package com.salesrender.plugin.chat.api;

/**
 * Whose data a request touches: the company and the plugin instance it installed (claims {@code cid},
 * {@code plugin.alias}, {@code plugin.id}). Every stored row belongs to exactly one.
 */
public record PluginReference(String companyId, String alias, String id) {

    /** The longest company id, alias or plugin id accepted (the stored columns' length). */
    public static final int MAX_PART = 128;

    public PluginReference {
        companyId = part(companyId, "cid");
        alias = part(alias, "plugin.alias");
        id = part(id, "plugin.id");
    }

    private static String part(String value, String claim) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("claim " + claim + " is missing");
        }
        if (value.length() > MAX_PART) {
            throw new IllegalArgumentException("claim " + claim + " is too long");
        }
        // Ids are stored and logged as they are: no control characters (PostgreSQL refuses NUL in text outright).
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("claim " + claim + " holds a control character");
        }
        return value;
    }

    @Override
    public String toString() {
        return companyId + "/" + alias + "/" + id;
    }
}
