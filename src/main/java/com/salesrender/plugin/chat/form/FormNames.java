package com.salesrender.plugin.chat.form;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The lookups a settings form names, read from its JSON, which is what the CRM's page calls them by: a
 * {@code listOfEnum} whose {@code values} is a name (an autocomplete), a {@code tablePreview} or
 * {@code markdownPreview} with its {@code previewer}.
 */
final class FormNames {

    private FormNames() {}

    /** The kinds of lookup, with the API type a plugin implements for each. */
    enum Kind {
        AUTOCOMPLETE("autocomplete", "Autocomplete"),
        TABLE_PREVIEW("table previewer", "TablePreview"),
        MARKDOWN_PREVIEW("markdown previewer", "MarkdownPreview");

        final String words;
        final String type;

        Kind(String words, String type) {
            this.words = words;
            this.type = type;
        }
    }

    /** One name a field gives: {@code field} is {@code group.field}. */
    record Named(Kind kind, String name, String field) {}

    /** Every name the form's fields give, in the form's order. */
    static List<Named> of(JsonObject form) {
        List<Named> found = new ArrayList<>();
        for (Map.Entry<String, JsonValue> group : members(form.get("groups"))) {
            JsonValue fields = group.getValue() instanceof JsonObject g ? g.get("fields") : null;
            for (Map.Entry<String, JsonValue> field : members(fields)) {
                if (!(field.getValue() instanceof JsonObject definition)) {
                    continue;
                }
                String where = group.getKey() + "." + field.getKey();
                String type = definition.getString("definition", "");
                if (type.equals("listOfEnum") && definition.get("values") instanceof JsonString name) {
                    found.add(new Named(Kind.AUTOCOMPLETE, name.getString(), where));
                } else if (type.equals("tablePreview") && definition.get("previewer") instanceof JsonString name) {
                    found.add(new Named(Kind.TABLE_PREVIEW, name.getString(), where));
                } else if (type.equals("markdownPreview") && definition.get("previewer") instanceof JsonString name) {
                    found.add(new Named(Kind.MARKDOWN_PREVIEW, name.getString(), where));
                }
            }
        }
        return found;
    }

    /**
     * What the start must say about names no bean answers to, one line each (none: every name has its bean).
     *
     * @param declared the names of the plugin's beans, per kind
     */
    static List<String> unanswered(JsonObject form, Map<Kind, Set<String>> declared) {
        List<String> missing = new ArrayList<>();
        for (Named named : of(form)) {
            if (!declared.getOrDefault(named.kind(), Set.of()).contains(named.name())) {
                missing.add("the settings form's field " + named.field() + " names the " + named.kind().words + " \""
                        + named.name() + "\", and no " + named.kind().type + " bean of the plugin has that name");
            }
        }
        return missing;
    }

    /** The members of a JSON object; none for anything else (an empty collection is {@code []} in a form). */
    private static Iterable<Map.Entry<String, JsonValue>> members(JsonValue value) {
        return value instanceof JsonObject object ? object.entrySet() : List.of();
    }
}
