package com.salesrender.plugin.chat.settings;

import com.salesrender.plugin.chat.platform.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One settings field: its type ({@code definition}), title, default and rules. Made with the static factories,
 * refined with the fluent methods: {@code Field.integer("Delay").min(0).max(10).defaultValue(3)}.
 */
public final class Field {

    /** The field types of the settings form, by their wire names. */
    public enum Type {
        BOOLEAN("boolean"), INTEGER("integer"), FLOAT("float"), STRING("string"), PASSWORD("password"),
        LIST_OF_ENUM("listOfEnum");

        private final String definition;

        Type(String definition) {
            this.definition = definition;
        }

        public String definition() {
            return definition;
        }
    }

    private final Type type;
    private final String title;
    private String description = "";
    private JsonValue defaultValue = JsonValue.NULL;
    private boolean required;
    private boolean multiline;
    private Double min;
    private Double max;
    private Integer minItems;
    private Integer maxItems;
    private final Map<String, String> values = new LinkedHashMap<>();

    private Field(Type type, String title) {
        this.type = type;
        this.title = title;
    }

    public static Field bool(String title) {
        return new Field(Type.BOOLEAN, title).defaultValue(false);
    }

    public static Field integer(String title) {
        return new Field(Type.INTEGER, title);
    }

    public static Field decimal(String title) {
        return new Field(Type.FLOAT, title);
    }

    public static Field string(String title) {
        return new Field(Type.STRING, title);
    }

    public static Field text(String title) {
        Field field = new Field(Type.STRING, title);
        field.multiline = true;
        return field;
    }

    public static Field password(String title) {
        return new Field(Type.PASSWORD, title);
    }

    /** A choice among {@code values} (value to title), several at once. */
    public static Field listOfEnum(String title, Map<String, String> values) {
        Field field = new Field(Type.LIST_OF_ENUM, title);
        field.values.putAll(values);
        field.defaultValue = JsonValue.EMPTY_JSON_ARRAY;
        return field;
    }

    public Field description(String text) {
        this.description = text;
        return this;
    }

    public Field required() {
        this.required = true;
        return this;
    }

    public Field min(double value) {
        this.min = value;
        return this;
    }

    public Field max(double value) {
        this.max = value;
        return this;
    }

    /** For {@code listOfEnum}: how many values must and may be chosen. */
    public Field choose(Integer atLeast, Integer atMost) {
        this.minItems = atLeast;
        this.maxItems = atMost;
        return this;
    }

    public Field defaultValue(boolean value) {
        this.defaultValue = value ? JsonValue.TRUE : JsonValue.FALSE;
        return this;
    }

    public Field defaultValue(long value) {
        this.defaultValue = Json.createValue(value);
        return this;
    }

    public Field defaultValue(double value) {
        this.defaultValue = Json.createValue(value);
        return this;
    }

    public Field defaultValue(String value) {
        this.defaultValue = Json.createValue(value);
        return this;
    }

    public Type type() {
        return type;
    }

    public JsonValue defaultValue() {
        return defaultValue;
    }

    JsonObjectBuilder toJson() {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("title", title)
                .add("description", description)
                .add("definition", type.definition())
                .add("default", type == Type.PASSWORD ? JsonValue.NULL : defaultValue)
                .add("context", JsonValue.EMPTY_JSON_OBJECT)
                .add("required", required);
        switch (type) {
            case STRING -> json.add("multiline", multiline);
            case INTEGER, FLOAT -> {
                json.add("min", min == null ? JsonValue.NULL : number(min));
                json.add("max", max == null ? JsonValue.NULL : number(max));
            }
            case LIST_OF_ENUM -> {
                JsonObjectBuilder options = Json.createObjectBuilder();
                values.forEach(options::add);
                json.add("values", options);
                json.add("limit", Json.createObjectBuilder()
                        .add("min", minItems == null ? JsonValue.NULL : Json.createValue(minItems))
                        .add("max", maxItems == null ? JsonValue.NULL : Json.createValue(maxItems)));
            }
            default -> { }
        }
        return json;
    }

    private JsonValue number(double value) {
        return type == Type.INTEGER ? Json.createValue((long) value) : Json.createValue(value);
    }

    /** The errors of {@code value} (JSON null when absent); empty when it is valid. */
    List<String> validate(JsonValue value) {
        List<String> errors = new ArrayList<>();
        boolean absent = value == null || value.getValueType() == JsonValue.ValueType.NULL;
        if (absent) {
            if (required) {
                errors.add("This field is required");
            }
            return errors;
        }
        switch (type) {
            case BOOLEAN -> {
                if (value != JsonValue.TRUE && value != JsonValue.FALSE) {
                    errors.add("Must be true or false");
                }
            }
            case INTEGER, FLOAT -> {
                if (!(value instanceof JsonNumber number)) {
                    errors.add(type == Type.INTEGER ? "Must be an integer" : "Must be a number");
                } else if (type == Type.INTEGER && !number.isIntegral()) {
                    errors.add("Must be an integer");
                } else {
                    double n = number.doubleValue();
                    if ((min != null && n < min) || (max != null && n > max)) {
                        errors.add("Must be between " + bound(min, "-inf") + " and " + bound(max, "inf"));
                    }
                }
            }
            case STRING, PASSWORD -> {
                if (!(value instanceof JsonString string)) {
                    errors.add("Must be a string");
                } else if (required && string.getString().isBlank()) {
                    errors.add("This field is required");
                } else if (string.getString().length() > 10_000) {
                    errors.add("Must be at most 10000 characters");
                } else if (!multiline && type == Type.STRING && string.getString().contains("\n")) {
                    errors.add("Must be a single line");
                }
            }
            case LIST_OF_ENUM -> {
                if (!(value instanceof JsonArray array)) {
                    errors.add("Must be a list of values");
                    break;
                }
                for (JsonValue item : array) {
                    if (!(item instanceof JsonString s) || !values.containsKey(s.getString())) {
                        errors.add("Unknown value: " + item);
                    }
                }
                if (array.size() != array.stream().distinct().count()) {
                    errors.add("Values must not repeat");
                }
                if (minItems != null && array.size() < minItems) {
                    errors.add("Choose at least " + minItems);
                }
                if (maxItems != null && array.size() > maxItems) {
                    errors.add("Choose at most " + maxItems);
                }
                if (required && array.isEmpty()) {
                    errors.add("This field is required");
                }
            }
        }
        return errors;
    }

    private String bound(Double value, String none) {
        if (value == null) {
            return none;
        }
        return type == Type.INTEGER ? String.valueOf(value.longValue()) : String.valueOf(value);
    }
}
