package com.salesrender.plugin.chat.api;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One settings field: its type ({@code definition}), title, default and rules. Made with the static factories, refined
 * with the fluent methods: {@code Field.integer("Delay").min(0).max(10).defaultValue(3)}. Its JSON is the reference
 * core's: {@code title, description, definition, default, context} ({@code null} when empty), then what the type adds
 * ({@code multiline}, {@code limit} and {@code values}, {@code iframe}, {@code previewer}). Rules are the plugin's own
 * and are not part of the JSON.
 */
public final class Field {

    /** The field types of the settings form, by their wire names. */
    public enum Type {
        BOOLEAN("boolean"),
        INTEGER("integer"),
        FLOAT("float"),
        STRING("string"),
        PASSWORD("password"),
        MARKDOWN("markdown"),
        FILE("file"),
        IFRAME("iframe"),
        LIST_OF_ENUM("listOfEnum"),
        TABLE_PREVIEW("tablePreview"),
        MARKDOWN_PREVIEW("markdownPreview");

        private final String definition;

        Type(String definition) {
            this.definition = definition;
        }

        public String definition() {
            return definition;
        }
    }

    /** One choice of a {@code listOfEnum}: its title and the group the CRM shows it under (may be null). */
    public record Option(String title, String group) {}

    /** The message of a required field left null, as the reference example words it. */
    public static final String REQUIRED = "Field can not be empty";

    private final Type type;
    private final String title;
    private String description;
    private JsonValue defaultValue = JsonValue.NULL;
    private JsonValue context = JsonValue.NULL;
    private boolean required;
    private String requiredMessage = REQUIRED;
    private boolean multiline;
    private Double min;
    private String minMessage;
    private Double max;
    private String maxMessage;
    private Integer minItems;
    private Integer maxItems;
    /** Static choices by key; {@link #optionList} for 0-based keys, {@link #autocomplete} for dynamic ones. */
    private final Map<String, Option> options = new LinkedHashMap<>();

    private boolean optionList;
    private String autocomplete;
    private String extra;

    private Field(Type type, String title) {
        this.type = type;
        this.title = title;
    }

    public static Field bool(String title) {
        return new Field(Type.BOOLEAN, title);
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

    /** A multi-line string. */
    public static Field text(String title) {
        Field field = new Field(Type.STRING, title);
        field.multiline = true;
        return field;
    }

    public static Field password(String title) {
        return new Field(Type.PASSWORD, title);
    }

    public static Field markdown(String title) {
        return new Field(Type.MARKDOWN, title);
    }

    /** A file: its value is the URI of an upload ({@code /protected/upload}). */
    public static Field file(String title) {
        return new Field(Type.FILE, title);
    }

    /** A frame the CRM shows at {@code uri}; it holds no value of its own. */
    public static Field iframe(String title, String uri) {
        Field field = new Field(Type.IFRAME, title);
        field.extra = uri;
        return field;
    }

    /** A table the CRM fills from the plugin's previewer {@code previewer}. */
    public static Field tablePreview(String title, String previewer) {
        Field field = new Field(Type.TABLE_PREVIEW, title);
        field.extra = previewer;
        return field;
    }

    /** Markdown the CRM fills from the plugin's previewer {@code previewer}. */
    public static Field markdownPreview(String title, String previewer) {
        Field field = new Field(Type.MARKDOWN_PREVIEW, title);
        field.extra = previewer;
        return field;
    }

    /** A choice among {@code values} (value to title), several at once. */
    public static Field listOfEnum(String title, Map<String, String> values) {
        Map<String, Option> options = new LinkedHashMap<>();
        values.forEach((key, optionTitle) -> options.put(key, new Option(optionTitle, null)));
        return listOfEnumOptions(title, options);
    }

    /** A choice among {@code options} (value to title and group), several at once. */
    public static Field listOfEnumOptions(String title, Map<String, Option> options) {
        Field field = new Field(Type.LIST_OF_ENUM, title);
        field.options.putAll(options);
        return field;
    }

    /** A choice among {@code options} whose values are their positions, 0 first (a JSON array on the wire). */
    public static Field listOfEnum(String title, List<Option> options) {
        Field field = new Field(Type.LIST_OF_ENUM, title);
        for (int i = 0; i < options.size(); i++) {
            field.options.put(String.valueOf(i), options.get(i));
        }
        field.optionList = true;
        return field;
    }

    /** A choice whose values the CRM looks up with the plugin's autocomplete {@code name}. */
    public static Field listOfEnum(String title, String autocomplete) {
        Field field = new Field(Type.LIST_OF_ENUM, title);
        field.autocomplete = autocomplete;
        return field;
    }

    public Field description(String text) {
        this.description = text;
        return this;
    }

    /** Anything the CRM's page should know about the field, as JSON. */
    public Field context(JsonValue value) {
        this.context = value == null ? JsonValue.NULL : value;
        return this;
    }

    /** The value may not be null (an empty string is a value). */
    public Field required() {
        this.required = true;
        return this;
    }

    public Field required(String message) {
        this.requiredMessage = message;
        return required();
    }

    public Field min(double value) {
        this.min = value;
        return this;
    }

    public Field min(double value, String message) {
        this.minMessage = message;
        return min(value);
    }

    public Field max(double value) {
        this.max = value;
        return this;
    }

    public Field max(double value, String message) {
        this.maxMessage = message;
        return max(value);
    }

    /** For {@code listOfEnum}: how many values must and may be chosen (null: no bound). */
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
        this.defaultValue = value == null ? JsonValue.NULL : Json.createValue(value);
        return this;
    }

    /** Any default as JSON, e.g. the chosen values of a {@code listOfEnum}. */
    public Field defaultValue(JsonValue value) {
        this.defaultValue = value == null ? JsonValue.NULL : value;
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
                .add("description", description == null ? JsonValue.NULL : Json.createValue(description))
                .add("definition", type.definition())
                .add("default", defaultValue)
                .add("context", context);
        switch (type) {
            case STRING -> json.add("multiline", multiline);
            case IFRAME -> json.add("iframe", extra);
            case TABLE_PREVIEW, MARKDOWN_PREVIEW -> json.add("previewer", extra);
            case LIST_OF_ENUM -> {
                json.add(
                        "limit",
                        minItems == null && maxItems == null
                                ? JsonValue.NULL
                                : Json.createObjectBuilder()
                                        .add("min", minItems == null ? JsonValue.NULL : Json.createValue(minItems))
                                        .add("max", maxItems == null ? JsonValue.NULL : Json.createValue(maxItems))
                                        .build());
                json.add("values", valuesJson());
            }
            default -> {}
        }
        return json;
    }

    /** Keyed choices as an object, 0-based ones as an array, none as {@code []}, dynamic ones by name. */
    private JsonValue valuesJson() {
        if (autocomplete != null) {
            return Json.createValue(autocomplete);
        }
        if (options.isEmpty() || optionList) {
            JsonArrayBuilder list = Json.createArrayBuilder();
            options.values().forEach(o -> list.add(option(o)));
            return list.build();
        }
        JsonObjectBuilder values = Json.createObjectBuilder();
        options.forEach((key, o) -> values.add(key, option(o)));
        return values.build();
    }

    private static JsonObjectBuilder option(Option o) {
        return Json.createObjectBuilder()
                .add("title", o.title())
                .add("group", o.group() == null ? JsonValue.NULL : Json.createValue(o.group()));
    }

    /** The errors of {@code value} (JSON null when absent); empty when it is valid. */
    List<String> validate(JsonValue value) {
        List<String> errors = new ArrayList<>();
        boolean absent = value == null || value.getValueType() == JsonValue.ValueType.NULL;
        if (absent) {
            if (required) {
                errors.add(requiredMessage);
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
                BigDecimal number = number(value);
                if (number == null) {
                    errors.add(type == Type.INTEGER ? "Must be an integer" : "Must be a number");
                } else if (type == Type.INTEGER && number.stripTrailingZeros().scale() > 0) {
                    errors.add("Must be an integer");
                } else {
                    double n = number.doubleValue();
                    if (min != null && n < min) {
                        errors.add(minMessage != null ? minMessage : range());
                    } else if (max != null && n > max) {
                        errors.add(maxMessage != null ? maxMessage : range());
                    }
                }
            }
            case STRING, PASSWORD, MARKDOWN, FILE -> {
                if (!(value instanceof JsonString string)) {
                    errors.add("Must be a string");
                } else if (string.getString().length() > 10_000) {
                    errors.add("Must be at most 10000 characters");
                } else if (!multiline
                        && type == Type.STRING
                        && string.getString().contains("\n")) {
                    errors.add("Must be a single line");
                }
            }
            case LIST_OF_ENUM -> {
                if (!(value instanceof JsonArray array)) {
                    errors.add("Must be a list of values");
                    break;
                }
                for (JsonValue item : array) {
                    String key = item instanceof JsonString s
                            ? s.getString()
                            : item instanceof JsonNumber n && n.isIntegral() ? n.toString() : null;
                    if (key == null || (autocomplete == null && !options.containsKey(key))) {
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
            }
            default -> {}
        }
        return errors;
    }

    /** A JSON number, or a string holding one (the reference accepts {@code "1"} for an integer and keeps it). */
    private static BigDecimal number(JsonValue value) {
        if (value instanceof JsonNumber n) {
            return n.bigDecimalValue();
        }
        if (value instanceof JsonString s && s.getString().matches("-?\\d{1,18}(\\.\\d{1,18})?")) {
            return new BigDecimal(s.getString());
        }
        return null;
    }

    private String range() {
        return "Must be between " + bound(min, "-inf") + " and " + bound(max, "inf");
    }

    private String bound(Double value, String none) {
        if (value == null) {
            return none;
        }
        return type == Type.INTEGER ? String.valueOf(value.longValue()) : String.valueOf(value);
    }
}
