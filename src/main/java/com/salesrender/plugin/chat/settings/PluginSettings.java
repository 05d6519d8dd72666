package com.salesrender.plugin.chat.settings;

import com.salesrender.plugin.chat.access.PluginReference;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** One company's settings data for its plugin instance, as {@code {"<group>": {"<field>": value}}} JSON. */
@Entity
@Table(name = "plugin_settings")
public class PluginSettings {

    @Id
    @Column(name = "id", length = 36)
    private String id;

    @Column(name = "company_id", nullable = false, length = 128)
    private String companyId;

    @Column(name = "plugin_alias", nullable = false, length = 128)
    private String pluginAlias;

    @Column(name = "plugin_id", nullable = false, length = 128)
    private String pluginId;

    @Column(name = "data", nullable = false, length = 1000000)
    private String data;

    @Column(name = "updated_at", nullable = false)
    private long updatedAt;

    protected PluginSettings() {
    }

    PluginSettings(PluginReference reference) {
        this.id = UUID.randomUUID().toString();
        this.companyId = reference.companyId();
        this.pluginAlias = reference.alias();
        this.pluginId = reference.id();
    }

    String data() {
        return data;
    }

    void replace(String json, long now) {
        this.data = json;
        this.updatedAt = now;
    }
}
