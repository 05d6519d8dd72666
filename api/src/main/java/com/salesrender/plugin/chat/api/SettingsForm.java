package com.salesrender.plugin.chat.api;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The plugin's settings form: groups of typed fields, declared in a few lines and served to the CRM as its form JSON.
 * It also validates, completes and masks the settings data of a company.
 *
 * <pre>
 * SettingsForm.titled("Echo")
 *     .group("main", "Main", g -&gt; g
 *         .field("prefix", Field.string("Prefix").required())
 *         .field("delay", Field.integer("Delay").min(0).max(10).defaultValue(3)));
 * </pre>
 */
public final class SettingsForm {

    private final String title;
    private String description;
    private String button = "Save";
    private final Map<String, FieldGroup> groups = new LinkedHashMap<>();

    private SettingsForm(String title) {
        this.title = title;
    }

    public static SettingsForm titled(String title) {
        return new SettingsForm(title);
    }

    public SettingsForm description(String text) {
        this.description = text;
        return this;
    }

    public SettingsForm button(String text) {
        this.button = text;
        return this;
    }

    public SettingsForm group(String name, String title, Consumer<FieldGroup> fields) {
        FieldGroup group = new FieldGroup(title);
        fields.accept(group);
        groups.put(name, group);
        return this;
    }

    public Map<String, FieldGroup> groups() {
        return Collections.unmodifiableMap(groups);
    }

    public JsonObject toJson() {
        JsonValue groupsJson = JsonValue.EMPTY_JSON_ARRAY;
        if (!groups.isEmpty()) {
            JsonObjectBuilder json = Json.createObjectBuilder();
            groups.forEach((name, group) -> json.add(name, group.toJson()));
            groupsJson = json.build();
        }
        return Json.createObjectBuilder()
                .add("title", title)
                .add("description", description == null ? JsonValue.NULL : Json.createValue(description))
                .add("groups", groupsJson)
                .add("button", button)
                .build();
    }

    /**
     * Checks submitted data against the form. Keys the form does not declare are dropped; an absent field is null (as
     * in the reference: {@code {}} fails on every required field), except a password, which keeps its {@code previous}
     * value (so does a password sent back as the {@code true}/{@code false} mask).
     */
    public Validation validate(JsonValue submitted, JsonObject previous) {
        JsonObject input = submitted instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
        JsonObjectBuilder data = Json.createObjectBuilder();
        JsonObjectBuilder errors = Json.createObjectBuilder();
        boolean valid = submitted instanceof JsonObject;
        for (Map.Entry<String, FieldGroup> group : groups.entrySet()) {
            JsonObject groupInput = input.get(group.getKey()) instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
            JsonObject groupPrevious =
                    previous.get(group.getKey()) instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
            JsonObjectBuilder groupData = Json.createObjectBuilder();
            JsonObjectBuilder groupErrors = Json.createObjectBuilder();
            boolean groupValid = true;
            JsonValue groupValue = input.get(group.getKey());
            if (groupValue != null && groupValue != JsonValue.NULL && !(groupValue instanceof JsonObject)) {
                // A group sent as a string or list is a mistake, not an absent group to fill with defaults.
                groupErrors.add("_", Json.createArrayBuilder().add("Must be an object of fields"));
                groupValid = false;
            }
            for (Map.Entry<String, Field> entry : group.getValue().fields().entrySet()) {
                String name = entry.getKey();
                Field field = entry.getValue();
                JsonValue value = groupInput.get(name);
                if (field.type() == Field.Type.PASSWORD && keepsPrevious(value)) {
                    value = groupPrevious.get(name);
                }
                List<String> fieldErrors = field.validate(value);
                if (fieldErrors.isEmpty()) {
                    groupData.add(name, value == null ? JsonValue.NULL : value);
                } else {
                    JsonArrayBuilder list = Json.createArrayBuilder();
                    fieldErrors.forEach(list::add);
                    groupErrors.add(name, list);
                    groupValid = false;
                }
            }
            data.add(group.getKey(), groupData);
            if (!groupValid) {
                errors.add(group.getKey(), groupErrors);
                valid = false;
            }
        }
        if (!(submitted instanceof JsonObject)) {
            errors.add(
                    "_",
                    Json.createObjectBuilder()
                            .add("_", Json.createArrayBuilder().add("Settings must be a JSON object")));
        }
        return new Validation(valid, data.build(), errors.build());
    }

    /** An absent password, or the mask sent back, means: unchanged. */
    private static boolean keepsPrevious(JsonValue value) {
        return value == null || value == JsonValue.TRUE || value == JsonValue.FALSE;
    }

    /** Stored data, each field never saved taking its default; keys the form does not declare dropped. */
    public JsonObject withDefaults(JsonObject stored) {
        JsonObjectBuilder data = Json.createObjectBuilder();
        for (Map.Entry<String, FieldGroup> group : groups.entrySet()) {
            JsonObject values = stored.get(group.getKey()) instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
            JsonObjectBuilder groupData = Json.createObjectBuilder();
            group.getValue()
                    .fields()
                    .forEach((name, field) ->
                            groupData.add(name, values.containsKey(name) ? values.get(name) : field.defaultValue()));
            data.add(group.getKey(), groupData);
        }
        return data.build();
    }

    /** The data as clients may see it: each password replaced by whether it is set. */
    public JsonObject mask(JsonObject data) {
        JsonObjectBuilder masked = Json.createObjectBuilder();
        for (Map.Entry<String, FieldGroup> group : groups.entrySet()) {
            JsonObject values = data.get(group.getKey()) instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
            JsonObjectBuilder groupJson = Json.createObjectBuilder();
            for (Map.Entry<String, Field> entry : group.getValue().fields().entrySet()) {
                JsonValue value = values.get(entry.getKey());
                if (entry.getValue().type() == Field.Type.PASSWORD) {
                    boolean set =
                            value instanceof JsonString s && !s.getString().isEmpty();
                    groupJson.add(entry.getKey(), set);
                } else {
                    groupJson.add(entry.getKey(), value == null ? JsonValue.NULL : value);
                }
            }
            masked.add(group.getKey(), groupJson);
        }
        return masked.build();
    }

    /** The outcome of {@link #validate}: the data to store, or the errors per group and field. */
    public record Validation(boolean valid, JsonObject data, JsonObject errors) {}
}
