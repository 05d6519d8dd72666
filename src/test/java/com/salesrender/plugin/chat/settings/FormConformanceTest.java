package com.salesrender.plugin.chat.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.api.Field;
import com.salesrender.plugin.chat.api.SettingsForm;
import com.salesrender.plugin.chat.conformance.JsonComparison;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The form model against the reference core's own serialisation of a form with every field type
 * ({@code conformance/golden/harness-form-all-field-types.json}): the same form declared with {@link Field} must give
 * the same JSON, key order included.
 */
public class FormConformanceTest {

    private static JsonObject golden() throws Exception {
        try (InputStream in = FormConformanceTest.class.getResourceAsStream(
                        "/conformance/golden/harness-form-all-field-types.json");
                JsonReader reader = Json.createReader(in)) {
            return reader.readObject().getJsonObject("cases");
        }
    }

    private static JsonValue parse(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }

    /** The harness's form, declared as a plugin author would. */
    static SettingsForm allFieldTypes() {
        Map<String, Field.Option> staticValues = new LinkedHashMap<>();
        staticValues.put("a", new Field.Option("A", "G1"));
        staticValues.put("b", new Field.Option("B", "G2"));
        Map<String, Field.Option> numbered = new LinkedHashMap<>();
        numbered.put("1", new Field.Option("One", "G"));
        numbered.put("2", new Field.Option("Two", "G"));
        return SettingsForm.titled("All types")
                .description("Every field definition")
                .group(
                        "plain",
                        "Without description/default/context",
                        g -> g.field("boolean", Field.bool("Boolean"))
                                .field("integer", Field.integer("Integer"))
                                .field("float", Field.decimal("Float"))
                                .field("string", Field.string("String"))
                                .field("multiline", Field.text("Multiline"))
                                .field("password", Field.password("Password"))
                                .field("markdown", Field.markdown("Markdown"))
                                .field("file", Field.file("File"))
                                .field("iframe", Field.iframe("IFrame", "https://example.com/frame"))
                                .field("enumStaticNoLimit", Field.listOfEnumOptions("Enum static", staticValues))
                                .field("enumEmptyValues", Field.listOfEnum("Enum empty", Map.<String, String>of()))
                                .field(
                                        "enumListValues",
                                        Field.listOfEnum(
                                                        "Enum list keys",
                                                        List.of(
                                                                new Field.Option("Zero", "G"),
                                                                new Field.Option("One", "G")))
                                                .choose(1, null))
                                .field(
                                        "enumDynamic",
                                        Field.listOfEnum("Enum dynamic", "status")
                                                .choose(null, 3))
                                .field(
                                        "enumCallable",
                                        Field.listOfEnumOptions(
                                                        "Enum callable", Map.of("x", new Field.Option("X", "G")))
                                                .choose(1, 1))
                                .field("tablePreview", Field.tablePreview("Table", "orders"))
                                .field("markdownPreview", Field.markdownPreview("MD preview", "readme")))
                .group(
                        "full",
                        "With description/default/context",
                        g -> g.description("Group description")
                                .field(
                                        "boolean",
                                        Field.bool("Boolean")
                                                .description("desc")
                                                .defaultValue(true)
                                                .context(parse("{\"k\":\"v\"}")))
                                .field(
                                        "booleanFalse",
                                        Field.bool("Boolean false")
                                                .description("desc")
                                                .defaultValue(false)
                                                .context(JsonValue.EMPTY_JSON_ARRAY))
                                .field(
                                        "integer",
                                        Field.integer("Integer")
                                                .description("desc")
                                                .defaultValue(0)
                                                .context(parse("\"ctx\"")))
                                .field(
                                        "float",
                                        Field.decimal("Float")
                                                .description("desc")
                                                .defaultValue(1.0)
                                                .context(parse("1.5")))
                                .field(
                                        "floatFraction",
                                        Field.decimal("Float 2")
                                                .description("desc")
                                                .defaultValue(0.1))
                                .field(
                                        "string",
                                        Field.string("String")
                                                .description("")
                                                .defaultValue("")
                                                .context(parse("[\"list\",\"ctx\"]")))
                                .field(
                                        "password",
                                        Field.password("Password")
                                                .description("desc")
                                                .defaultValue("secret"))
                                .field(
                                        "markdown",
                                        Field.markdown("Markdown")
                                                .description("desc")
                                                .defaultValue("# Title\n«quotes» & <b>/path</b>"))
                                .field(
                                        "enum",
                                        Field.listOfEnumOptions("Enum", numbered)
                                                .description("desc")
                                                .defaultValue(parse("[\"1\"]"))
                                                .context(parse("{\"ctx\":true}"))
                                                .choose(1, 2))
                                .dependency("string", List.of("boolean", "integer")))
                .group("emptyGroup", "Empty group", g -> {})
                .button("Save");
    }

    @Test
    void everyFieldTypeOfTheReferenceExists() throws Exception {
        Set<Field.Type> seen = EnumSet.noneOf(Field.Type.class);
        for (JsonValue group : golden().getJsonObject("form_all_field_types")
                .getJsonObject("groups")
                .values()) {
            JsonValue fields = group.asJsonObject().get("fields");
            if (fields instanceof JsonObject object) {
                for (JsonValue field : object.values()) {
                    String definition = field.asJsonObject().getString("definition");
                    seen.add(Arrays.stream(Field.Type.values())
                            .filter(t -> t.definition().equals(definition))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError("No Field type for " + definition)));
                }
            }
        }
        assertEquals(EnumSet.allOf(Field.Type.class), seen);
    }

    @Test
    void serialisesAsTheReference() throws Exception {
        JsonObject expected = golden().getJsonObject("form_all_field_types");
        List<String> differences = new ArrayList<>();
        JsonComparison.compare("", expected, allFieldTypes().toJson(), differences);
        assertTrue(differences.isEmpty(), () -> String.join("\n", differences));
        // Key order too: the CRM's page lists groups and fields in the order they come.
        assertEquals(
                expected.getJsonObject("groups").keySet().toString(),
                allFieldTypes().toJson().getJsonObject("groups").keySet().toString());
    }

    @Test
    void aFormWithoutGroupsHasAnEmptyList() throws Exception {
        JsonValue expected = parse(golden().getString("form_without_groups_raw"));
        List<String> differences = new ArrayList<>();
        JsonComparison.compare(
                "", expected, SettingsForm.titled("Empty").button("OK").toJson(), differences);
        assertTrue(differences.isEmpty(), () -> String.join("\n", differences));
    }

    @Test
    void defaultsAreTheReferenceDefaultData() throws Exception {
        JsonValue expected = parse(golden().getString("form_default_data_raw"));
        JsonObject defaults = allFieldTypes().withDefaults(JsonValue.EMPTY_JSON_OBJECT);
        JsonObject withoutEmptyGroup =
                Json.createObjectBuilder(defaults).remove("emptyGroup").build();
        List<String> differences = new ArrayList<>();
        JsonComparison.compare("", expected, withoutEmptyGroup, differences);
        assertTrue(differences.isEmpty(), () -> String.join("\n", differences));
    }
}
