package com.salesrender.plugin.chat.settings;

import com.salesrender.plugin.chat.access.StoredReference;
import com.salesrender.plugin.chat.api.PluginReference;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
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

    @Embedded
    private StoredReference reference;

    @Column(name = "data", nullable = false, length = 1000000)
    private String data;

    @Column(name = "updated_at", nullable = false)
    private long updatedAt;

    protected PluginSettings() {}

    PluginSettings(PluginReference reference) {
        this.id = UUID.randomUUID().toString();
        this.reference = new StoredReference(reference);
    }

    String data() {
        return data;
    }

    void replace(String json, long now) {
        this.data = json;
        this.updatedAt = now;
    }
}
