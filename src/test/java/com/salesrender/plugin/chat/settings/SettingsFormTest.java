package com.salesrender.plugin.chat.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.api.Field;
import com.salesrender.plugin.chat.api.SettingsForm;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingsFormTest {

    private final SettingsForm form = SettingsForm.titled("Gateway")
            .description("Connection")
            .group(
                    "main",
                    "Main",
                    g -> g.field("prefix", Field.string("Prefix").required())
                            .field(
                                    "delay",
                                    Field.integer("Delay").min(0).max(10).defaultValue(3))
                            .field("ratio", Field.decimal("Ratio").min(0.5))
                            .field("enabled", Field.bool("Enabled"))
                            .field("notes", Field.text("Notes"))
                            .field("token", Field.password("API token").required())
                            .field(
                                    "channels",
                                    Field.listOfEnum("Channels", Map.of("sms", "SMS", "wa", "WhatsApp"))
                                            .choose(1, 2)))
            .button("Save");

    private static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text.replace('\'', '"')))) {
            return reader.readObject();
        }
    }

    @Test
    void serialisesAsTheProtocolForm() {
        JsonObject json = form.toJson();
        assertEquals("Gateway", json.getString("title"));
        assertEquals("Connection", json.getString("description"));
        assertEquals("Save", json.getString("button"));
        JsonObject main = json.getJsonObject("groups").getJsonObject("main");
        assertEquals("Main", main.getString("title"));
        assertEquals(JsonValue.EMPTY_JSON_ARRAY, main.get("dependencies"));
        JsonObject fields = main.getJsonObject("fields");
        assertEquals(
                json("{'title':'Delay','description':null,'definition':'integer','default':3,'context':null}"),
                fields.getJsonObject("delay"));
        assertEquals("string", fields.getJsonObject("prefix").getString("definition"));
        assertFalse(fields.getJsonObject("prefix").getBoolean("multiline"));
        assertTrue(fields.getJsonObject("notes").getBoolean("multiline"));
        assertEquals("password", fields.getJsonObject("token").getString("definition"));
        assertEquals(JsonValue.NULL, fields.getJsonObject("token").get("default"));
        assertEquals("boolean", fields.getJsonObject("enabled").getString("definition"));
        assertEquals(JsonValue.NULL, fields.getJsonObject("enabled").get("default"));
        assertEquals("float", fields.getJsonObject("ratio").getString("definition"));
        JsonObject channels = fields.getJsonObject("channels");
        assertEquals("listOfEnum", channels.getString("definition"));
        assertEquals(
                json("{'title':'WhatsApp','group':null}"),
                channels.getJsonObject("values").getJsonObject("wa"));
        assertEquals(json("{'min':1,'max':2}"), channels.getJsonObject("limit"));
    }

    @Test
    void validDataIsKept() {
        SettingsForm.Validation v = form.validate(
                json("{'main':{'prefix':'>','token':'s3cret','channels':['sms']}}"), JsonValue.EMPTY_JSON_OBJECT);
        assertTrue(v.valid(), v.errors()::toString);
        JsonObject main = v.data().getJsonObject("main");
        assertEquals(">", main.getString("prefix"));
        assertEquals(JsonValue.NULL, main.get("delay"), "absent is null, as in the reference");
        assertEquals(JsonValue.NULL, main.get("enabled"));
        assertEquals(JsonValue.NULL, main.get("ratio"));
        assertEquals("s3cret", main.getString("token"));
    }

    @Test
    void undeclaredKeysAreDropped() {
        SettingsForm.Validation v = form.validate(
                json("{'main':{'prefix':'>','token':'t','channels':['sms'],'evil':1}," + "'other':{'x':1}}"),
                JsonValue.EMPTY_JSON_OBJECT);
        assertTrue(v.valid());
        assertFalse(v.data().containsKey("other"));
        assertFalse(v.data().getJsonObject("main").containsKey("evil"));
    }

    @Test
    void errorsArePerGroupAndField() {
        SettingsForm.Validation v = form.validate(
                json("{'main':{'prefix':null,'delay':11,'ratio':'x','enabled':'yes',"
                        + "'channels':['sms','fax','wa'],'notes':7}}"),
                JsonValue.EMPTY_JSON_OBJECT);
        assertFalse(v.valid());
        JsonObject main = v.errors().getJsonObject("main");
        assertEquals("Field can not be empty", main.getJsonArray("prefix").getString(0));
        assertEquals("Must be between 0 and 10", main.getJsonArray("delay").getString(0));
        assertEquals("Must be a number", main.getJsonArray("ratio").getString(0));
        assertEquals("Must be true or false", main.getJsonArray("enabled").getString(0));
        assertEquals("Must be a string", main.getJsonArray("notes").getString(0));
        assertEquals("Field can not be empty", main.getJsonArray("token").getString(0));
        assertTrue(main.getJsonArray("channels").toString().contains("Unknown value"));
        assertTrue(main.getJsonArray("channels").toString().contains("Choose at most 2"));
        assertEquals(
                "Must be an integer",
                form.validate(json("{'main':{'delay':1.5}}"), JsonValue.EMPTY_JSON_OBJECT)
                        .errors()
                        .getJsonObject("main")
                        .getJsonArray("delay")
                        .getString(0));
        assertEquals(
                "Must be a single line",
                form.validate(json("{'main':{'prefix':'a\\nb'}}"), JsonValue.EMPTY_JSON_OBJECT)
                        .errors()
                        .getJsonObject("main")
                        .getJsonArray("prefix")
                        .getString(0));
    }

    @Test
    void requiredMeansNotNull() {
        assertTrue(
                form.validate(json("{'main':{'prefix':'','token':'','channels':['sms']}}"), JsonValue.EMPTY_JSON_OBJECT)
                        .valid());
        JsonObject errors =
                form.validate(json("{}"), JsonValue.EMPTY_JSON_OBJECT).errors().getJsonObject("main");
        assertEquals(Set.of("prefix", "token"), errors.keySet());
    }

    @Test
    void integersMayComeAsTextAndAreKeptAsSent() {
        SettingsForm.Validation v =
                form.validate(json("{'main':{'prefix':'','token':'t','delay':'1'}}"), JsonValue.EMPTY_JSON_OBJECT);
        assertTrue(v.valid(), v.errors()::toString);
        assertEquals("1", v.data().getJsonObject("main").getString("delay"));
        assertFalse(form.validate(json("{'main':{'prefix':'','token':'t','delay':'x'}}"), JsonValue.EMPTY_JSON_OBJECT)
                .valid());
    }

    @Test
    void defaultsCompleteWhatWasNeverSaved() {
        JsonObject main = form.withDefaults(json("{'main':{'prefix':'>'}}")).getJsonObject("main");
        assertEquals(">", main.getString("prefix"));
        assertEquals(3, main.getInt("delay"));
    }

    @Test
    void nonObjectInputIsInvalid() {
        assertFalse(form.validate(JsonValue.NULL, JsonValue.EMPTY_JSON_OBJECT).valid());
        assertFalse(form.validate(Json.createArrayBuilder().build(), JsonValue.EMPTY_JSON_OBJECT)
                .valid());
    }

    @Test
    void absentOrMaskedPasswordKeepsTheOldOne() {
        JsonObject previous = json("{'main':{'prefix':'>','token':'old','channels':['sms']}}");
        assertEquals(
                "old",
                form.validate(json("{'main':{'prefix':'>','channels':['sms']}}"), previous)
                        .data()
                        .getJsonObject("main")
                        .getString("token"));
        assertEquals(
                "old",
                form.validate(json("{'main':{'prefix':'>','token':true,'channels':['sms']}}"), previous)
                        .data()
                        .getJsonObject("main")
                        .getString("token"));
        assertEquals(
                "new",
                form.validate(json("{'main':{'prefix':'>','token':'new','channels':['sms']}}"), previous)
                        .data()
                        .getJsonObject("main")
                        .getString("token"));
    }

    @Test
    void passwordsAreMasked() {
        JsonObject masked = form.mask(json("{'main':{'prefix':'>','token':'s3cret'}}"));
        assertEquals(JsonValue.TRUE, masked.getJsonObject("main").get("token"));
        assertFalse(masked.toString().contains("s3cret"));
        assertEquals(
                JsonValue.FALSE,
                form.mask(JsonValue.EMPTY_JSON_OBJECT).getJsonObject("main").get("token"));
    }
}
