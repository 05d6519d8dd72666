package com.salesrender.plugin.chat.access;

import com.salesrender.plugin.chat.api.PluginReference;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Query;

/**
 * A plugin reference as a row stores it: the columns {@code company_id}, {@code plugin_alias} and {@code plugin_id}
 * every owned row has, the one condition that finds a reference's rows, and the one key made from a reference. Plugin
 * code sees the plain {@link PluginReference}; this stays inside.
 */
@Embeddable
public class StoredReference {

    @Column(name = "company_id", nullable = false, length = PluginReference.MAX_PART)
    private String companyId;

    @Column(name = "plugin_alias", nullable = false, length = PluginReference.MAX_PART)
    private String pluginAlias;

    @Column(name = "plugin_id", nullable = false, length = PluginReference.MAX_PART)
    private String pluginId;

    protected StoredReference() {}

    public StoredReference(PluginReference reference) {
        this.companyId = reference.companyId();
        this.pluginAlias = reference.alias();
        this.pluginId = reference.id();
    }

    public PluginReference value() {
        return new PluginReference(companyId, pluginAlias, pluginId);
    }

    /**
     * The JPQL condition "the row is the reference's", for an entity whose {@code reference} field is this embeddable:
     * {@code "... WHERE " + StoredReference.of("t") + " AND ..."}, then {@link #bind}.
     */
    public static String of(String entity) {
        String path = entity + ".reference.";
        return path + "companyId = :company AND " + path + "pluginAlias = :alias AND " + path + "pluginId = :plugin";
    }

    /** Sets the parameters of {@link #of}. */
    public static <Q extends Query> Q bind(Q query, PluginReference reference) {
        query.setParameter("company", reference.companyId())
                .setParameter("alias", reference.alias())
                .setParameter("plugin", reference.id());
        return query;
    }

    /**
     * A key for the reference and what follows it (a message id, a contact), for rows keyed by it: each part
     * length-prefixed, since any separator could also occur inside a part ({@code a|b} + {@code c} and {@code a} +
     * {@code b|c} would be one key).
     */
    public static String key(PluginReference reference, String... more) {
        StringBuilder key = new StringBuilder();
        part(key, reference.companyId());
        part(key, reference.alias());
        part(key, reference.id());
        for (String part : more) {
            part(key, part);
        }
        return key.toString();
    }

    private static void part(StringBuilder key, String value) {
        key.append(value.length()).append(':').append(value).append(';');
    }
}
