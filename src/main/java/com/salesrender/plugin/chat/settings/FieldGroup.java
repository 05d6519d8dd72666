package com.salesrender.plugin.chat.settings;

import com.salesrender.plugin.chat.platform.Json;
import jakarta.json.JsonObjectBuilder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A titled group of settings fields; data is stored as {@code {"<group>": {"<field>": value}}}. */
public final class FieldGroup {

    private final String title;
    private String description = "";
    private final Map<String, Field> fields = new LinkedHashMap<>();

    FieldGroup(String title) {
        this.title = title;
    }

    public FieldGroup description(String text) {
        this.description = text;
        return this;
    }

    public FieldGroup field(String name, Field field) {
        fields.put(name, field);
        return this;
    }

    public Map<String, Field> fields() {
        return Collections.unmodifiableMap(fields);
    }

    JsonObjectBuilder toJson() {
        JsonObjectBuilder json = Json.createObjectBuilder();
        fields.forEach((name, field) -> json.add(name, field.toJson()));
        return Json.createObjectBuilder()
                .add("title", title)
                .add("description", description)
                .add("fields", json)
                .add("dependencies", Json.createObjectBuilder());
    }
}
