package com.salesrender.plugin.chat.api;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A titled group of settings fields; data is stored as {@code {"<group>": {"<field>": value}}}. */
public final class FieldGroup {

    private final String title;
    private String description;
    private final Map<String, Field> fields = new LinkedHashMap<>();
    private final Map<String, List<String>> dependencies = new LinkedHashMap<>();

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

    /** The CRM shows {@code field} only once the fields it depends on are filled in. */
    public FieldGroup dependency(String field, List<String> dependsOn) {
        dependencies.put(field, List.copyOf(dependsOn));
        return this;
    }

    public Map<String, Field> fields() {
        return Collections.unmodifiableMap(fields);
    }

    JsonObjectBuilder toJson() {
        // Empty collections are [] on the wire, never {} (the reference serialises empty PHP arrays).
        JsonValue fieldsJson = JsonValue.EMPTY_JSON_ARRAY;
        if (!fields.isEmpty()) {
            JsonObjectBuilder json = Json.createObjectBuilder();
            fields.forEach((name, field) -> json.add(name, field.toJson()));
            fieldsJson = json.build();
        }
        JsonValue dependenciesJson = JsonValue.EMPTY_JSON_ARRAY;
        if (!dependencies.isEmpty()) {
            JsonObjectBuilder json = Json.createObjectBuilder();
            dependencies.forEach((name, on) -> {
                JsonArrayBuilder list = Json.createArrayBuilder();
                on.forEach(list::add);
                json.add(name, list);
            });
            dependenciesJson = json.build();
        }
        return Json.createObjectBuilder()
                .add("title", title)
                .add("description", description == null ? JsonValue.NULL : Json.createValue(description))
                .add("fields", fieldsJson)
                .add("dependencies", dependenciesJson);
    }
}
