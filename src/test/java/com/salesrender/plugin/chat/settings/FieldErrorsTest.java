package com.salesrender.plugin.chat.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.api.Field;
import com.salesrender.plugin.chat.api.FieldErrors;
import com.salesrender.plugin.chat.api.SettingsForm;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

/** A plugin's check answers its errors in exactly the shape of the form's own (the reference's 400 body). */
class FieldErrorsTest {

    @Test
    void noneIsEmptyAndAnEmptyObject() {
        assertTrue(FieldErrors.none().isEmpty());
        assertEquals("{}", FieldErrors.none().toString());
    }

    @Test
    void messagesAreKeptPerGroupAndFieldInTheOrderAdded() {
        FieldErrors errors = FieldErrors.none()
                .add("smtp", "password", "Refused")
                .add("main", "prefix", "Too long")
                .add("smtp", "password", "Locked")
                .add("smtp", "host", "Unknown");
        assertFalse(errors.isEmpty());
        assertEquals(
                "{\"smtp\":{\"password\":[\"Refused\",\"Locked\"],\"host\":[\"Unknown\"]},"
                        + "\"main\":{\"prefix\":[\"Too long\"]}}",
                errors.toString());
    }

    @Test
    void addAllMergesIntoTheSameFields() {
        FieldErrors first = FieldErrors.none().add("main", "prefix", "a");
        FieldErrors second = FieldErrors.none().add("main", "prefix", "b").add("auth", "token", "c");
        assertEquals(
                "{\"main\":{\"prefix\":[\"a\",\"b\"]},\"auth\":{\"token\":[\"c\"]}}",
                first.addAll(second).toString());
        assertEquals(
                "{\"main\":{\"prefix\":[\"b\"]},\"auth\":{\"token\":[\"c\"]}}", second.toString(), "other unchanged");
        assertEquals(first.toString(), first.addAll(FieldErrors.none()).toString());
    }

    @Test
    void theShapeIsTheFormsOwn() {
        // The reference example's refused save (golden http-protected-data-settings-put-invalid).
        SettingsForm form = SettingsForm.titled("Settings")
                .group(
                        "main",
                        "Main",
                        g -> g.field("prefix", Field.string("Prefix").required())
                                .field("suffix", Field.string("Suffix").required())
                                .field(
                                        "delay",
                                        Field.integer("Delay").max(10, "Delay can not be more, than 10 seconds")));
        JsonValue submitted = jakarta.json.Json.createObjectBuilder()
                .add(
                        "main",
                        jakarta.json.Json.createObjectBuilder()
                                .addNull("prefix")
                                .addNull("suffix")
                                .add("delay", 11))
                .build();
        FieldErrors same = FieldErrors.none()
                .add("main", "prefix", Field.REQUIRED)
                .add("main", "suffix", Field.REQUIRED)
                .add("main", "delay", "Delay can not be more, than 10 seconds");
        assertEquals(form.validate(submitted, JsonValue.EMPTY_JSON_OBJECT).errors(), same.toJson());
        assertEquals(
                "{\"main\":{\"prefix\":[\"Field can not be empty\"],\"suffix\":[\"Field can not be empty\"],"
                        + "\"delay\":[\"Delay can not be more, than 10 seconds\"]}}",
                same.toString());
    }

    @Test
    void nullsAreRefused() {
        assertThrows(NullPointerException.class, () -> FieldErrors.none().add(null, "f", "m"));
        assertThrows(NullPointerException.class, () -> FieldErrors.none().add("g", null, "m"));
        assertThrows(NullPointerException.class, () -> FieldErrors.none().add("g", "f", null));
    }
}
