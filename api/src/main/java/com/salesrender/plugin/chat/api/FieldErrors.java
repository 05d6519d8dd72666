package com.salesrender.plugin.chat.api;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Errors per form field, as a {@link SettingsCheck} gives them: answered like the form's own errors, {@code {group:
 * {field: [message, ...]}}}, groups and fields in the order they were added. Name them as the {@link SettingsForm}
 * does: the CRM shows a message next to its field.
 *
 * <pre>
 * return FieldErrors.none().add("smtp", "password", "The SMTP server refused the login");
 * </pre>
 *
 * Not thread-safe: build one per call.
 */
public final class FieldErrors {

    private final Map<String, Map<String, List<String>>> errors = new LinkedHashMap<>();

    private FieldErrors() {}

    /** No error (yet): the settings pass. */
    public static FieldErrors none() {
        return new FieldErrors();
    }

    /** Adds a message for a field of a group; several messages for one field are kept in order. */
    public FieldErrors add(String group, String field, String message) {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
        errors.computeIfAbsent(group, g -> new LinkedHashMap<>())
                .computeIfAbsent(field, f -> new ArrayList<>())
                .add(message);
        return this;
    }

    /** Adds every error of {@code other}. */
    public FieldErrors addAll(FieldErrors other) {
        other.errors.forEach((group, fields) ->
                fields.forEach((field, messages) -> messages.forEach(message -> add(group, field, message))));
        return this;
    }

    /** Whether there is no error: the settings pass. */
    public boolean isEmpty() {
        return errors.isEmpty();
    }

    /** {@code {group: {field: [message, ...]}}}. */
    public JsonObject toJson() {
        JsonObjectBuilder json = Json.createObjectBuilder();
        errors.forEach((group, fields) -> {
            JsonObjectBuilder groupJson = Json.createObjectBuilder();
            fields.forEach((field, messages) -> {
                JsonArrayBuilder list = Json.createArrayBuilder();
                messages.forEach(list::add);
                groupJson.add(field, list);
            });
            json.add(group, groupJson);
        });
        return json.build();
    }

    @Override
    public String toString() {
        return toJson().toString();
    }
}
